import type { Purpose } from "../schemas";
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
