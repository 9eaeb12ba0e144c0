import type { Purpose } from "../schemas";
import { optOutApplies, sameAddress } from "./address";
import { COMMUNICATED_OUTCOMES, CONSUMER_ROLES, TEMPLATED, THIRD_PARTY_ROLES, VOICE, block, type Context, type Rule } from "./context";

const purposeIn = (ctx: Context, allowed: ReadonlySet<Purpose>) => allowed.has(ctx.req.proposed.purpose);

/** US-REGF-WORK: no workplace contact when the employer forbids it or the consumer asked. */
export const usWork: Rule = {
  id: "US-REGF-WORK",
  check(ctx) {
    if (!ctx.req.consumer.flags?.noWorkplaceContact) return null;
    const { party, channel } = ctx.req.proposed;
    if (channel === "letter") return null;
    // Not known to be a personal address: it may be the workplace (fail closed).
    if (party.workplace === true) return block();
    if (party.workplace === undefined && party.addressType !== "personal") return block({ variant: "unknown" });
    return null;
  },
};

/** US-REGF-ATTY: represented by an attorney about the debt, so the attorney is the only one to contact. */
export const usAttorney: Rule = {
  id: "US-REGF-ATTY",
  check(ctx) {
    return ctx.req.consumer.flags?.attorney && ctx.req.proposed.party.role !== "attorney" ? block() : null;
  },
};

const AFTER_CEASE: ReadonlySet<Purpose> = new Set(["cease_confirmation", "remedy_notice"]);

/** US-REGF-CEASE: after a written cease request or refusal to pay, only the two notices the law allows. */
export const usCease: Rule = {
  id: "US-REGF-CEASE",
  check(ctx) {
    return ctx.req.consumer.flags?.cease && !purposeIn(ctx, AFTER_CEASE) ? block() : null;
  },
};

/** Channels a demand for writing only refuses: everything but letters and email. */
export const NOT_WRITTEN: ReadonlySet<string> = new Set(["call", "voicemail", "sms", "visit"]);

/** The consumer asked to be contacted by letter or email only, and this contact is neither. */
export function writtenOnlyApplies(ctx: Context): boolean {
  const { party, channel } = ctx.req.proposed;
  return ctx.req.consumer.flags?.writtenOnly === true && CONSUMER_ROLES.has(party.role) && NOT_WRITTEN.has(channel);
}

/**
 * The bare opt-out confirmation (1006.14(h)(2)(i)): it may contain nothing but the confirmation, so it
 * carries neither an opt-out instruction nor the debt-collector notice. Only a declared content that
 * does not disclose the debt is bare; an undeclared one cannot be shown to be (fail closed).
 */
function bareOptOutConfirmation(ctx: Context): boolean {
  const { purpose, content } = ctx.req.proposed;
  return purpose === "opt_out_confirmation" && content !== undefined && !content.disclosesDebt;
}

/** US-REGF-MEDIUM: the person opted out of this medium or address; only the opt-out confirmation may go. */
export const usMedium: Rule = {
  id: "US-REGF-MEDIUM",
  check(ctx) {
    const { purpose, party } = ctx.req.proposed;
    if (purpose === "opt_out_confirmation") return null;
    // Writing only is an opt-out of call, voicemail, SMS and visit at once.
    if (writtenOnlyApplies(ctx)) return block({ variant: "writtenOnly", channel: ctx.req.proposed.channel });
    const applies = CONSUMER_ROLES.has(party.role)
      ? optOutApplies(ctx)
      : (ctx.req.consumer.optOuts ?? []).some((o) => o.address !== undefined && sameAddress(o.address, party.address) && o.channel === ctx.req.proposed.channel);
    return applies ? block({ channel: ctx.req.proposed.channel }) : null;
  },
};

/** US-REGF-EOPTOUT: every e-mail and text carries a simple way to opt out. */
export const usElectronicOptOut: Rule = {
  id: "US-REGF-EOPTOUT",
  check(ctx) {
    const { channel, content } = ctx.req.proposed;
    if (channel !== "sms" && channel !== "email") return null;
    if (bareOptOutConfirmation(ctx)) return null;
    if (!content) return block({ variant: "noContent" });
    return content.hasOptOut === true ? null : block();
  },
};

/** US-REGF-3P: nothing about the debt to third parties, except location requests. */
export const usThirdParty: Rule = {
  id: "US-REGF-3P",
  check(ctx) {
    const { party, purpose, content } = ctx.req.proposed;
    if (party.role === "consumer" && party.id !== ctx.req.consumer.id) return block({ variant: "notThisConsumer" });
    // The role decides, never the address: a third party's number that is also on the debtor's record
    // still reaches the third party.
    if (!THIRD_PARTY_ROLES.has(party.role)) return null;
    if (!content) return block({ variant: "noContent" });
    if (content.disclosesDebt) return block({ variant: "discloses" });
    if (purpose !== "location") return block({ variant: "purpose", purpose });
    return null;
  },
};

const COMMUNICATED = COMMUNICATED_OUTCOMES;

/** US-REGF-LOC: a location request only confirms or corrects location, once per third party, never a postcard. */
export const usLocation: Rule = {
  id: "US-REGF-LOC",
  check(ctx) {
    const { party, purpose, content } = ctx.req.proposed;
    if (purpose !== "location" || !THIRD_PARTY_ROLES.has(party.role)) return null;
    if (!content) return block({ variant: "noContent" });
    if (content.disclosesDebt) return block({ variant: "discloses" });
    if (content.postcard) return block({ variant: "postcard" });
    if (party.requestedFollowUp) return null;
    const before = ctx.history.some((e) => e.direction === "outbound" && e.party.id === party.id && COMMUNICATED.has(e.outcome));
    return before ? block({ variant: "again" }) : null;
  },
};

/** US-REGF-LCM: a voicemail is safe only as a limited-content message. */
export const usLimitedContent: Rule = {
  id: "US-REGF-LCM",
  check(ctx) {
    const { channel, content } = ctx.req.proposed;
    if (channel !== "voicemail") return null;
    if (!content) return block({ variant: "noContent" });
    return content.limitedContent === true && !content.disclosesDebt ? null : block();
  },
};

const WHILE_DISPUTED: ReadonlySet<Purpose> = new Set(["validation", "dispute_response", "cease_confirmation", "opt_out_confirmation"]);

/** US-REGF-DISPUTE: a debt disputed in writing is not collected until verification is sent. */
export const usDispute: Rule = {
  id: "US-REGF-DISPUTE",
  check(ctx) {
    const disputed = ctx.req.consumer.disputedDebtIds ?? [];
    const hit = ctx.req.debtIds.filter((d) => disputed.includes(d));
    return hit.length > 0 && !purposeIn(ctx, WHILE_DISPUTED) ? block({ debtIds: hit.join(", ") }) : null;
  },
};

const SUIT: ReadonlySet<Purpose> = new Set(["litigation", "remedy_notice"]);

/** US-REGF-TIMEBAR: no suit, and no threat of one, on a time-barred debt. */
export const usTimeBar: Rule = {
  id: "US-REGF-TIMEBAR",
  check(ctx) {
    const barred = ctx.req.consumer.timeBarredDebtIds ?? [];
    const hit = ctx.req.debtIds.filter((d) => barred.includes(d));
    return hit.length > 0 && purposeIn(ctx, SUIT) ? block({ debtIds: hit.join(", ") }) : null;
  },
};

/** US-REGF-MM: a communication with the consumer says it is from a debt collector. */
export const usMiniMiranda: Rule = {
  id: "US-REGF-MM",
  check(ctx) {
    const { party, channel, content } = ctx.req.proposed;
    if (!CONSUMER_ROLES.has(party.role) && party.role !== "attorney") return null;
    if (bareOptOutConfirmation(ctx)) return null;
    if (!content) return TEMPLATED.has(channel) ? block({ variant: "noContent" }) : null;
    // A limited-content message is by definition not a communication and must not carry the notice.
    if (content.limitedContent && !content.disclosesDebt) return null;
    if (content.identifiesCollector === true) return null;
    const initial = !ctx.history.some((e) => CONSUMER_ROLES.has(e.party.role) && COMMUNICATED.has(e.outcome));
    return block({ variant: initial ? "initial" : "subsequent" });
  },
};

/** US-REGF-VALID: the validation notice is a task the caller tracks, never a gate (see validationAlerts). */
export const usValidation: Rule = {
  id: "US-REGF-VALID",
  check() {
    return null;
  },
};

const ALWAYS_ALLOWED: ReadonlySet<Purpose> = new Set(["cease_confirmation", "opt_out_confirmation"]);

/** US-BK-STAY: the automatic stay stops every act to collect. */
export const usBankruptcy: Rule = {
  id: "US-BK-STAY",
  check(ctx) {
    return ctx.req.consumer.flags?.bankruptcy && !purposeIn(ctx, ALWAYS_ALLOWED) ? block() : null;
  },
};

/** US-DECEASED: only the estate's representative (who counts as the consumer). */
export const usDeceased: Rule = {
  id: "US-DECEASED",
  check(ctx) {
    return ctx.req.consumer.flags?.deceased && ctx.req.proposed.party.role !== "executor" ? block() : null;
  },
};

/** US-TCPA-CONSENT: autodialled or prerecorded calls and texts need prior express consent for the number. */
export const usTcpa: Rule = {
  id: "US-TCPA-CONSENT",
  check(ctx) {
    const { channel, autodialed, party } = ctx.req.proposed;
    if (!autodialed || !(VOICE.has(channel) || channel === "sms")) return null;
    if (party.address === undefined) return block({ variant: "noAddress" });
    const medium = channel === "sms" ? "sms" : "call";
    const consented = (ctx.req.consumer.consents ?? []).some((c) => c.channel === medium && sameAddress(c.address, party.address));
    if (!consented) return block();
    // Revocation by any reasonable means: an opt-out of the number withdraws the consent.
    return optOutApplies(ctx) ? block({ variant: "revoked" }) : null;
  },
};
