import { defaultTimeZone, evaluate, resolveTimeZones, type CheckDecision, type CheckRequest, type Policy, type RuleSetId } from "@casebook/compliance";
import type { ClientPolicy } from "@casebook/db/schema";

/**
 * The one call into the rules engine (it validates the request and fails closed on bad input). The
 * request carries the client's policy in force (`request.policy`, filled by the request builder) and the
 * opt-outs (`consumer.optOuts`, judged by the engine's CASEBOOK-OPTOUT on every rule set), so the stored
 * request alone replays to the same decision (docs/CHECK-CONTRACT.md). `policy` overrides the request's.
 */
export function evaluateCheck(request: CheckRequest, policy?: Policy): CheckDecision {
  return policy === undefined ? evaluate(request) : evaluate(request, { policy });
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
