import { dayToDate, localDay, MINUTE, ceilMinute, startOfLocalDay } from "../time/local-time";
import { sameAddress } from "./address";
import { CONSUMER_ROLES, VOICE, defer, historyDays, select, type Context, type Rule, type Verdict } from "./context";

/**
 * Earliest instant >= t at which fewer than `max` of the selected history entries fall in the local
 * calendar days [today - (days - 1), today], in every zone. With several candidate zones each is
 * counted on its own days and the latest release wins: a call counts if it is inside the window
 * wherever the person may be.
 */
const DAY_BUFFER = new Int32Array(64);

function releaseAt(ctx: Context, zones: readonly string[], selected: readonly number[], max: number, days: number, t: number): { at: number; count: number; oldestDay: number } {
  let at = t;
  let count = 0;
  let oldestDay = 0;
  for (const zone of zones) {
    const all = historyDays(ctx, zone);
    const today = localDay(zone, t);
    const from = today - (days - 1);
    // Contacts per window day (entries dated after today, if any, are kept on today: they count).
    const perDay = days <= DAY_BUFFER.length ? DAY_BUFFER.fill(0, 0, days) : new Int32Array(days);
    let inWindow = 0;
    for (const i of selected) {
      const d = all[i]!;
      if (d < from) continue;
      perDay[Math.min(d, today) - from]!++;
      inWindow++;
    }
    count = Math.max(count, inWindow);
    if (inWindow < max) continue;
    // The max-th most recent counted day must leave the window before another contact fits.
    let seen = 0;
    let pivot = today;
    for (let k = days - 1; k >= 0; k--) {
      seen += perDay[k]!;
      if (seen >= max) {
        pivot = from + k;
        break;
      }
    }
    const release = startOfLocalDay(zone, pivot + days);
    if (release > at) {
      at = release;
      oldestDay = pivot;
    }
  }
  return { at, count, oldestDay };
}

const isConsumerVoice = (ctx: Context) => VOICE.has(ctx.req.proposed.channel) && CONSUMER_ROLES.has(ctx.req.proposed.party.role);

/** Calls placed to this person about this debt: voicemails count, never-connected calls do not. */
export function countedCalls(ctx: Context, personId: string, debtId: string): number[] {
  return select(ctx, `7in7:${personId}:${debtId}`, (e) => e.direction === "outbound" && VOICE.has(e.channel) && e.outcome !== "not_connected" && CONSUMER_ROLES.has(e.party.role) && e.party.id === personId && e.debtIds.includes(debtId));
}

/** US-REGF-FREQ-7IN7: at most 7 calls per person × debt in 7 consecutive local days. */
export const usFreq7in7: Rule = {
  id: "US-REGF-FREQ-7IN7",
  check(ctx, params, t) {
    if (!isConsumerVoice(ctx)) return null;
    const { maxCalls, days } = params as { maxCalls: number; days: number };
    let verdict: Verdict = null;
    for (const debtId of ctx.req.debtIds) {
      const r = releaseAt(ctx, ctx.zones, countedCalls(ctx, ctx.req.proposed.party.id, debtId), maxCalls, days, t);
      if (r.at > t && (verdict === null || (verdict.outcome === "defer" && r.at > verdict.at))) {
        verdict = defer(r.at, { count: r.count, limit: maxCalls, days, debtId, nextDay: dayToDate(r.oldestDay + days) });
      }
    }
    return verdict;
  },
};

/** US-REGF-FREQ-CONV7: after a telephone conversation about the debt (day 1), the next call on day 8. */
export const usConv7: Rule = {
  id: "US-REGF-FREQ-CONV7",
  check(ctx, params, t) {
    if (!isConsumerVoice(ctx)) return null;
    const { days } = params as { days: number };
    const personId = ctx.req.proposed.party.id;
    let verdict: Verdict = null;
    for (const debtId of ctx.req.debtIds) {
      const conversations = select(ctx, `conv:${personId}:${debtId}`, (e) => VOICE.has(e.channel) && e.outcome === "conversation" && CONSUMER_ROLES.has(e.party.role) && e.party.id === personId && e.debtIds.includes(debtId));
      if (conversations.length === 0) continue;
      for (const zone of ctx.zones) {
        const all = historyDays(ctx, zone);
        let last = -Infinity;
        for (const i of conversations) last = Math.max(last, all[i]!);
        if (localDay(zone, t) < last + days) {
          const at = startOfLocalDay(zone, last + days);
          if (verdict === null || (verdict.outcome === "defer" && at > verdict.at)) {
            verdict = defer(at, { debtId, conversationDay: dayToDate(last), nextDay: dayToDate(last + days) });
          }
        }
      }
    }
    return verdict;
  },
};

const UNANSWERED = new Set(["no_answer", "voicemail", "not_connected"]);

/** US-REGF-PATTERN: no second call to a number within the gap after an unanswered one. */
export const usPattern: Rule = {
  id: "US-REGF-PATTERN",
  check(ctx, params, t) {
    if (!VOICE.has(ctx.req.proposed.channel)) return null;
    const address = ctx.req.proposed.party.address;
    if (address === undefined) return { outcome: "block", params: { variant: "noAddress" } };
    const { gapMinutes } = params as { gapMinutes: number };
    let last = -Infinity;
    for (const i of select(ctx, `pattern:${address}`, (e) => e.direction === "outbound" && VOICE.has(e.channel) && UNANSWERED.has(e.outcome) && sameAddress(e.party.address, address))) {
      last = Math.max(last, ctx.times[i]!);
    }
    const at = ceilMinute(last + gapMinutes * MINUTE);
    return at > t ? defer(at, { gap: gapMinutes }) : null;
  },
};

const MA_CHANNELS = new Set(["call", "voicemail", "sms"]);

/** US-MA-FREQ: at most 2 collector-initiated telephone communications per 7 days (30 for other numbers), per debt. */
export const maFreq: Rule = {
  id: "US-MA-FREQ",
  check(ctx, params, t) {
    const { channel, party } = ctx.req.proposed;
    if (!MA_CHANNELS.has(channel) || !CONSUMER_ROLES.has(party.role)) return null;
    const { maxCalls, days, otherDays } = params as { maxCalls: number; days: number; otherDays: number };
    // Unknown number type is read as "other", the stricter period (fail closed).
    const period = party.addressType === "personal" ? days : otherDays;
    let verdict: Verdict = null;
    for (const debtId of ctx.req.debtIds) {
      const selected = select(ctx, `ma:${party.id}:${debtId}`, (e) => e.direction === "outbound" && MA_CHANNELS.has(e.channel) && CONSUMER_ROLES.has(e.party.role) && e.party.id === party.id && e.debtIds.includes(debtId));
      const r = releaseAt(ctx, ctx.zones, selected, maxCalls, period, t);
      if (r.at > t && (verdict === null || (verdict.outcome === "defer" && r.at > verdict.at))) {
        verdict = defer(r.at, { count: r.count, limit: maxCalls, days: period, debtId, nextDay: dayToDate(r.oldestDay + period) });
      }
    }
    return verdict;
  },
};

/** CN-FREQ-NUMBER: at most 6 outbound calls to one number per Asia/Shanghai day. */
export const cnFreqNumber: Rule = {
  id: "CN-FREQ-NUMBER",
  check(ctx, params, t) {
    if (!VOICE.has(ctx.req.proposed.channel)) return null;
    const address = ctx.req.proposed.party.address;
    if (address === undefined) return { outcome: "block", params: { variant: "noAddress" } };
    const { maxCallsPerNumber } = params as { maxCallsPerNumber: number };
    const selected = select(ctx, `number:${address}`, (e) => e.direction === "outbound" && VOICE.has(e.channel) && sameAddress(e.party.address, address));
    return nextFreeDay(ctx, selected, maxCallsPerNumber, t, { limit: maxCallsPerNumber });
  },
};

/** CN-FREQ-DAILY: at most 3 voice contacts with the debtor per Asia/Shanghai day (conversations by default). */
export const cnFreqDaily: Rule = {
  id: "CN-FREQ-DAILY",
  check(ctx, params, t) {
    if (!isConsumerVoice(ctx)) return null;
    const { maxPerDay, basis } = params as { maxPerDay: number; basis: "conversation" | "attempt" };
    const selected = select(ctx, `daily:${basis}`, (e) =>
      VOICE.has(e.channel) && CONSUMER_ROLES.has(e.party.role) && (basis === "conversation" ? e.outcome === "conversation" : e.direction === "outbound"),
    );
    return nextFreeDay(ctx, selected, maxPerDay, t, { limit: maxPerDay, basis });
  },
};

const SHANGHAI = "Asia/Shanghai";

function nextFreeDay(ctx: Context, selected: readonly number[], max: number, t: number, params: Record<string, string | number>): Verdict {
  const all = historyDays(ctx, SHANGHAI);
  const perDay = new Map<number, number>();
  for (const i of selected) perDay.set(all[i]!, (perDay.get(all[i]!) ?? 0) + 1);
  const today = localDay(SHANGHAI, t);
  let day = today;
  while ((perDay.get(day) ?? 0) >= max) day++;
  if (day === today) return null;
  return defer(startOfLocalDay(SHANGHAI, day), { ...params, count: perDay.get(today) ?? 0, nextDay: dayToDate(day) });
}
