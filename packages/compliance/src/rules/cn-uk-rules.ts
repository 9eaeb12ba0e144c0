import type { Purpose } from "../schemas";
import { formatLocal } from "../time/local-time";
import { NOT_WRITTEN, writtenOnlyApplies } from "./conduct-rules";
import { CONSUMER_ROLES, DAY_MS, TEMPLATED, THIRD_PARTY_ROLES, VOICE, block, type Rule } from "./context";

const FAILED = new Set(["no_answer", "not_connected", "voicemail"]);

/** CN-3P-CONTACTS: contacts only when the debtor cannot be reached; never the debt; never after a refusal. */
export const cnThirdPartyContacts: Rule = {
  id: "CN-3P-CONTACTS",
  check(ctx, params) {
    const { party, content, purpose } = ctx.req.proposed;
    if (!THIRD_PARTY_ROLES.has(party.role)) return null;
    if (ctx.history.some((e) => e.party.id === party.id && e.outcome === "refused")) return block({ variant: "refused" });
    if (!content) return block({ variant: "noContent" });
    if (content.disclosesDebt) return block({ variant: "discloses" });
    if (purpose !== "location") return block({ variant: "purpose", purpose });
    const { quietDays, minFailedAttempts } = params as { quietDays: number; minFailedAttempts: number };
    // "Unreachable" is judged on the history as of now: the last `quietDays` days.
    const since = ctx.now - quietDays * DAY_MS;
    let spoke = false;
    let failed = 0;
    for (let i = 0; i < ctx.history.length; i++) {
      const e = ctx.history[i]!;
      const at = ctx.times[i]!;
      if (at < since || at > ctx.now || !CONSUMER_ROLES.has(e.party.role)) continue;
      if (e.outcome === "conversation") spoke = true;
      else if (e.direction === "outbound" && VOICE.has(e.channel) && FAILED.has(e.outcome)) failed++;
    }
    if (spoke || failed < minFailedAttempts) return block({ variant: "reachable", failed, days: quietDays, minimum: minFailedAttempts });
    return null;
  },
};

/** CN-ID: collectors identify themselves (name, staff number, agency). */
export const cnIdentify: Rule = {
  id: "CN-ID",
  check(ctx) {
    const { channel, content } = ctx.req.proposed;
    if (!content) return TEMPLATED.has(channel) ? block({ variant: "noContent" }) : null;
    if (content.limitedContent && !content.disclosesDebt && channel === "voicemail") return null;
    return content.identifiesCollector === true ? null : block();
  },
};

/** CN-PROHIB: no public shaming: nothing others can read (postcards), no debt told to third parties. */
export const cnProhibited: Rule = {
  id: "CN-PROHIB",
  check(ctx) {
    const { content, party } = ctx.req.proposed;
    if (!content) return null;
    if (content.postcard) return block({ variant: "postcard" });
    if (content.disclosesDebt && THIRD_PARTY_ROLES.has(party.role)) return block({ variant: "exposure" });
    return null;
  },
};

/** CN-PIPL: an emergency contact's number is used only for the purpose it was collected for. */
export const cnPipl: Rule = {
  id: "CN-PIPL",
  check(ctx) {
    const { party, purpose } = ctx.req.proposed;
    return THIRD_PARTY_ROLES.has(party.role) && purpose !== "location" ? block({ purpose }) : null;
  },
};

/** UK-CONC-3P: no detail of the debt to anyone but the verified customer. */
export const ukThirdParty: Rule = {
  id: "UK-CONC-3P",
  check(ctx) {
    const { party, content } = ctx.req.proposed;
    if ((party.role === "consumer" && party.id === ctx.req.consumer.id) || party.role === "attorney") return null;
    if (!content) return block({ variant: "noContent" });
    return content.disclosesDebt ? block() : null;
  },
};

const WHILE_SUSPENDED: ReadonlySet<Purpose> = new Set(["cease_confirmation", "opt_out_confirmation"]);

/** UK-CONC-CAPACITY: recovery is suspended while the customer may lack mental capacity. */
export const ukCapacity: Rule = {
  id: "UK-CONC-CAPACITY",
  check(ctx) {
    return ctx.req.consumer.flags?.lacksCapacity && !WHILE_SUSPENDED.has(ctx.req.proposed.purpose) ? block() : null;
  },
};

const WHILE_OBJECTED: ReadonlySet<Purpose> = new Set(["collection", "litigation"]);

/** CN-DISPUTE: a debt the debtor objected to (existence, amount, identity) is not collected until answered. */
export const cnDispute: Rule = {
  id: "CN-DISPUTE",
  check(ctx) {
    if (!WHILE_OBJECTED.has(ctx.req.proposed.purpose)) return null;
    const disputed = ctx.req.consumer.disputedDebtIds ?? [];
    const hit = ctx.req.debtIds.filter((d) => disputed.includes(d));
    return hit.length > 0 ? block({ debtIds: hit.join(", ") }) : null;
  },
};

/**
 * CN-WRITTEN: the debtor may demand written notice and refuse collection calls; a refusal of every
 * contact (`cease`) refuses the calls too. Letters and email still go: the guideline keeps the written
 * channel open, and CN-CBA has no cease rule of its own.
 */
export const cnWritten: Rule = {
  id: "CN-WRITTEN",
  check(ctx) {
    const { party, channel } = ctx.req.proposed;
    if (writtenOnlyApplies(ctx)) return block({ variant: "writtenOnly", channel });
    if (ctx.req.consumer.flags?.cease && CONSUMER_ROLES.has(party.role) && NOT_WRITTEN.has(channel)) return block({ variant: "cease", channel });
    return null;
  },
};

/** What CN-3P-ONCE counts as having asked a third party: the message reached them. */
const ASKED: ReadonlySet<string> = new Set(["conversation", "delivered"]);

/**
 * CN-3P-ONCE: a third party is asked at most once per `days` × 24 hours. It blocks rather than
 * defers: whether the debtor is still unreachable when the period lapses depends on history not yet
 * written, so the contact is planned again, not held for later.
 */
export const cnThirdPartyOnce: Rule = {
  id: "CN-3P-ONCE",
  check(ctx, params) {
    const { party } = ctx.req.proposed;
    if (!THIRD_PARTY_ROLES.has(party.role) || party.requestedFollowUp) return null;
    const period = (params as { days: number }).days * DAY_MS;
    let last = -Infinity;
    for (let i = 0; i < ctx.history.length; i++) {
      const e = ctx.history[i]!;
      if (e.direction === "outbound" && e.party.id === party.id && ASKED.has(e.outcome) && ctx.times[i]! <= ctx.now) last = Math.max(last, ctx.times[i]!);
    }
    if (last + period <= ctx.now) return null;
    const zone = ctx.ruleSet.rules.find((r) => r.id === "CN-TIME")?.params.zone as string | undefined;
    return block({ asked: formatLocal(zone ?? "Asia/Shanghai", last), until: formatLocal(zone ?? "Asia/Shanghai", last + period), days: (params as { days: number }).days });
  },
};

/** CN-WORK: no contact at the debtor's workplace once the debtor or the employer asked. */
export const cnWork: Rule = {
  id: "CN-WORK",
  check(ctx) {
    return ctx.req.consumer.flags?.noWorkplaceContact && ctx.req.proposed.party.workplace === true ? block() : null;
  },
};

/** UK-CONC-HOW: the customer's request to be contacted in writing only. */
export const ukHow: Rule = {
  id: "UK-CONC-HOW",
  check(ctx) {
    return writtenOnlyApplies(ctx) ? block({ channel: ctx.req.proposed.channel }) : null;
  },
};
