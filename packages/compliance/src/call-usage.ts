import { createContext, type EvaluateOptions } from "./evaluate";
import { CONSUMER_ROLES, COMMUNICATED_OUTCOMES, historyDays, type Context } from "./rules/context";
import { countedCalls } from "./rules/frequency-rules";
import type { CheckRequest } from "./schemas";
import { localDay, startOfLocalDay } from "./time/local-time";

export interface CallUsage {
  debtId: string;
  /** Counted calls in the current window (for US-MA: calls, voicemails and texts, answered or not). */
  used: number;
  /** The cap for that window, or null when the rule set has no weekly cap (CN-CBA, UK-CONC). */
  limit: number | null;
  /** The window: the local day seven days back through the end of today, widened over every candidate zone. */
  windowStart: string;
  windowEnd: string;
}

const WEEK = 7;

/** For the console's compliance panel: how much of the weekly call allowance each debt has used. */
export function callUsage(input: CheckRequest, options: EvaluateOptions = {}): CallUsage[] {
  const ctx = createContext(input, options);
  const ma = ctx.ruleSet.rules.find((r) => r.id === "US-MA-FREQ")?.params as { maxCalls: number } | undefined;
  const freq = ctx.ruleSet.rules.find((r) => r.id === "US-REGF-FREQ-7IN7")?.params as { maxCalls: number } | undefined;
  const party = ctx.req.proposed.party;
  const personId = CONSUMER_ROLES.has(party.role) ? party.id : ctx.req.consumer.id;
  const zones = ctx.zones.length > 0 ? ctx.zones : ["UTC"];
  return ctx.req.debtIds.map((debtId) => {
    const selected = ma ? maCounted(ctx, personId, debtId) : countedCalls(ctx, personId, debtId);
    let used = 0;
    let windowStart = Infinity;
    let windowEnd = -Infinity;
    for (const zone of zones) {
      const today = localDay(zone, ctx.now);
      const days = historyDays(ctx, zone);
      used = Math.max(used, selected.filter((i) => days[i]! >= today - (WEEK - 1) && days[i]! <= today).length);
      windowStart = Math.min(windowStart, startOfLocalDay(zone, today - (WEEK - 1)));
      windowEnd = Math.max(windowEnd, startOfLocalDay(zone, today + 1));
    }
    return { debtId, used, limit: ma?.maxCalls ?? freq?.maxCalls ?? null, windowStart: new Date(windowStart).toISOString(), windowEnd: new Date(windowEnd).toISOString() };
  });
}

function maCounted(ctx: Context, personId: string, debtId: string): number[] {
  const out: number[] = [];
  ctx.history.forEach((e, i) => {
    if (e.direction === "outbound" && (e.channel === "call" || e.channel === "voicemail" || e.channel === "sms") && CONSUMER_ROLES.has(e.party.role) && e.party.id === personId && e.debtIds.includes(debtId)) out.push(i);
  });
  return out;
}

export interface Alert {
  rule: "US-REGF-VALID";
  reason: string;
}

/**
 * US-REGF-VALID is a task, not a gate: when a collection contact would be the initial communication,
 * the validation notice is due within five days. The decision never carries it; the caller schedules it.
 */
export function validationAlerts(input: CheckRequest, options: EvaluateOptions = {}): Alert[] {
  const ctx = createContext(input, options);
  if (!ctx.ruleSet.rules.some((r) => r.id === "US-REGF-VALID")) return [];
  const { party, purpose } = ctx.req.proposed;
  if (purpose !== "collection" || !CONSUMER_ROLES.has(party.role)) return [];
  const initial = !ctx.history.some((e) => CONSUMER_ROLES.has(e.party.role) && COMMUNICATED_OUTCOMES.has(e.outcome));
  return initial ? [{ rule: "US-REGF-VALID", reason: "This is the initial communication: send the validation notice in it or within five days." }] : [];
}
