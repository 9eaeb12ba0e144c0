import type { RuleId } from "../rule-ids";
import { RuleSetId } from "../schemas";
import { parseLocalTime as parseLocalTimeSafe } from "../time/local-time";
import { HOUSE_RULES, RULE_SET_DEFINITIONS, type RuleEntry } from "./definitions";
import { Policy } from "./policy";
import { TIGHTENS, type Direction, type ParameterisedRuleId, type RuleParams } from "./params";

export { Policy };

/** A policy that would loosen a regulation's number, or that is malformed. */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  /** The offending parameter, as `<rule id>.<parameter>` (e.g. `US-REGF-FREQ-7IN7.maxCalls`). */
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(`${parameter}: ${message}`);
    this.parameter = parameter;
  }
}

export interface ResolvedRule {
  id: RuleId;
  params: Record<string, unknown>;
}
export interface ResolvedRuleSet {
  id: RuleSetId;
  /** The rule sets it was built from, base first. */
  layers: RuleSetId[];
  rules: ResolvedRule[];
  policy?: string;
}

const plain = new Map<RuleSetId, ResolvedRuleSet>();
/**
 * Resolved rule sets under a policy, keyed by the rule set and the policy's content (not its identity):
 * a caller that builds the same client policy afresh for every check (the gate per batch, the strategy
 * what-if ~10^5 times per run, a request parsed from JSON) resolves it once. Bounded: cleared when full.
 */
const withPolicy = new Map<string, ResolvedRuleSet>();
const MAX_POLICIES = 2_000;

/** The effective rules of a rule set: its base set's, then its own, with the policy's tightening applied. */
export function resolveRuleSet(id: RuleSetId, policy?: Policy): ResolvedRuleSet {
  if (!policy) {
    let cached = plain.get(id);
    if (!cached) {
      cached = withHouseRules(build(RuleSetId.parse(id)));
      plain.set(id, cached);
    }
    return cached;
  }
  const key = `${id}\u0000${JSON.stringify(policy)}`;
  let cached = withPolicy.get(key);
  if (!cached) {
    cached = applyPolicy(withHouseRules(build(RuleSetId.parse(id))), parsePolicy(policy));
    if (withPolicy.size >= MAX_POLICIES) withPolicy.clear();
    withPolicy.set(key, cached);
  }
  return cached;
}

function build(id: RuleSetId): ResolvedRuleSet {
  const definition = RULE_SET_DEFINITIONS[id];
  const base = definition.extends ? build(definition.extends) : undefined;
  const rules = [...(base?.rules ?? []), ...definition.rules.map(toResolved)];
  return { id, layers: [...(base?.layers ?? []), id], rules };
}

function withHouseRules(ruleSet: ResolvedRuleSet): ResolvedRuleSet {
  return { ...ruleSet, rules: [...ruleSet.rules, ...HOUSE_RULES.map(toResolved)] };
}

function toResolved(entry: RuleEntry): ResolvedRule {
  return { id: entry.id, params: "params" in entry ? { ...entry.params } : {} };
}

function parsePolicy(policy: Policy): Policy {
  const parsed = Policy.safeParse(policy);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.filter((p) => p !== "rules").join(".");
  const unknown = issue.code === "unrecognized_keys" ? `unknown parameter ${issue.keys.join(", ")}` : issue.message;
  throw new PolicyError(path || "policy", unknown);
}

function applyPolicy(ruleSet: ResolvedRuleSet, policy: Policy): ResolvedRuleSet {
  const rules = ruleSet.rules.map((rule) => {
    const overrides = (policy.rules as Record<string, Record<string, unknown> | undefined>)[rule.id];
    if (!overrides) return rule;
    const directions = TIGHTENS[rule.id as ParameterisedRuleId] as Record<string, Direction>;
    const params = { ...rule.params };
    for (const [key, value] of Object.entries(overrides)) {
      if (value === undefined) continue;
      checkTightening(`${rule.id}.${key}`, directions[key]!, rule.params[key], value);
      params[key] = value;
    }
    const window = params as Partial<RuleParams["US-REGF-TIME"]>;
    if (window.start !== undefined && window.end !== undefined && parseLocalTimeSafe(window.start) >= parseLocalTimeSafe(window.end)) {
      throw new PolicyError(`${rule.id}.start`, `the window ${window.start}–${window.end} is empty`);
    }
    return { id: rule.id, params };
  });
  return { ...ruleSet, rules, policy: policy.name ?? "policy" };
}

function checkTightening(parameter: string, direction: Direction, regulation: unknown, value: unknown): void {
  const refuse = (why: string) => {
    throw new PolicyError(parameter, `${why} (regulation: ${String(regulation)}, policy: ${String(value)}); a policy may only tighten`);
  };
  switch (direction) {
    case "max":
      if ((value as number) > (regulation as number)) refuse("raises a cap above the regulation's");
      break;
    case "min":
      if ((value as number) < (regulation as number)) refuse("shortens a period or gap below the regulation's");
      break;
    case "start":
      if (parseLocalTimeSafe(value as string) < parseLocalTimeSafe(regulation as string)) refuse("starts the calling window earlier than the regulation");
      break;
    case "end":
      if (parseLocalTimeSafe(value as string) > parseLocalTimeSafe(regulation as string)) refuse("ends the calling window later than the regulation");
      break;
    case "basis":
      if (value !== regulation && value !== "attempt") refuse("counts fewer contacts than the regulation");
      break;
    case "fixed":
      if (value !== regulation) refuse("is fixed by the regulation");
      break;
  }
}
