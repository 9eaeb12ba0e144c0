import { defaultTimeZone, evaluate, resolveTimeZones, type CheckDecision, type CheckRequest, type Policy, type RuleSetId } from "@casebook/compliance";
import type { ClientPolicy } from "@casebook/db/schema";

/** The one call into the rules engine (it validates the request and fails closed on bad input). */
export function evaluateCheck(request: CheckRequest, policy?: Policy): CheckDecision {
  const decision = policy === undefined ? evaluate(request) : evaluate(request, { policy });
  return withOptOutOverlay(request, decision);
}

/** Casebook's own rule on top of every rule set: a STOP / 退订 is honoured whatever the jurisdiction
 *  (issue 4). US rule sets already block it as US-REGF-MEDIUM; CN-CBA and UK-CONC have no medium rule. */
export const OPT_OUT_RULE = "CASEBOOK-OPTOUT";

function withOptOutOverlay(request: CheckRequest, decision: CheckDecision): CheckDecision {
  const { channel, purpose, party } = request.proposed;
  if (purpose === "opt_out_confirmation") return decision;
  if (decision.results.some((r) => r.rule === "US-REGF-MEDIUM" && r.outcome === "block")) return decision;
  const optedOut = (request.consumer.optOuts ?? []).some((o) => o.channel === channel && (o.address === undefined ? party.id === request.consumer.id : o.address === party.address));
  if (!optedOut) return decision;
  return {
    ...decision,
    decision: "block",
    notBefore: null,
    results: [...decision.results, { rule: OPT_OUT_RULE, outcome: "block", reason: "The person opted out of this channel for this address." }],
  };
}

/** A client's tightenings (clients.policy.compliance) as the engine's Policy for the rule set in force. */
export function policyFor(client: { code: string; policy: ClientPolicy }, ruleSet: RuleSetId): Policy | undefined {
  const c = client.policy.compliance;
  if (!c) return undefined;
  const rules: NonNullable<Policy["rules"]> = {};
  if (ruleSet === "US-FDCPA" || ruleSet === "US-MA") {
    if (c.callWindow) rules["US-REGF-TIME"] = { start: c.callWindow.from, end: c.callWindow.to };
    if (c.maxCallsPer7Days) rules["US-REGF-FREQ-7IN7"] = { maxCalls: c.maxCallsPer7Days };
  } else if (ruleSet === "CN-CBA") {
    if (c.callWindow) rules["CN-TIME"] = { start: c.callWindow.from, end: c.callWindow.to };
  } else if (ruleSet === "UK-CONC") {
    if (c.callWindow) rules["UK-CONC-TIME"] = { start: c.callWindow.from, end: c.callWindow.to };
  }
  return Object.keys(rules).length > 0 ? { name: client.code, rules } : undefined;
}

/** Candidate time zones of a consumer, as the engine derives them (planning uses the first). */
export function resolveZones(consumer: CheckRequest["consumer"]): string[] {
  try {
    const zones = resolveTimeZones(consumer);
    if (zones.length > 0) return zones;
  } catch {
    // planning only: the gate decides, and fails closed on the same input
  }
  return [defaultTimeZone(consumer.country)];
}
