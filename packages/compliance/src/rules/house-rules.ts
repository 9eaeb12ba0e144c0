import { block, type Rule } from "./context";
import { usMedium } from "./conduct-rules";

/**
 * CASEBOOK-OPTOUT: Casebook's own rule on top of every rule set (issue 4): a STOP / 退订 is honoured
 * whatever the jurisdiction. An opt-out without an address silences the consumer on that channel, one
 * with an address that address. The US rule sets already refuse the same contact as US-REGF-MEDIUM, and
 * then this rule stays silent (one reason, not two). Only the opt-out confirmation itself may go.
 */
export const casebookOptOut: Rule = {
  id: "CASEBOOK-OPTOUT",
  check(ctx, _params, t) {
    const { channel, purpose, party } = ctx.req.proposed;
    if (purpose === "opt_out_confirmation") return null;
    if (ctx.ruleSet.rules.some((r) => r.id === "US-REGF-MEDIUM") && usMedium.check(ctx, {}, t)?.outcome === "block") return null;
    const optedOut = (ctx.req.consumer.optOuts ?? []).some((o) => o.channel === channel && (o.address === undefined ? party.id === ctx.req.consumer.id : o.address === party.address));
    return optedOut ? block() : null;
  },
};
