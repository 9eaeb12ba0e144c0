import { z } from "zod";
import type { RuleId } from "../rule-ids";
import { RuleSetId } from "../schemas";
import { parseLocalTime as parseLocalTimeSafe } from "../time/local-time";
import { RULE_SET_DEFINITIONS, type RuleEntry } from "./definitions";
import { RULE_PARAMS, TIGHTENS, type Direction, type ParameterisedRuleId, type RuleParams } from "./params";

/**
 * A client's policy: per rule, the parameters it tightens. It can never loosen a parameter below the
 * regulation's number; that is refused with a PolicyError naming the parameter.
 * Example: `{ rules: { "US-REGF-TIME": { start: "09:00", end: "20:00" }, "US-REGF-FREQ-7IN7": { maxCalls: 3 } } }`.
 */
export const Policy = z.object({
  name: z.string().optional(),
  rules: z
    .object({
      "US-REGF-TIME": RULE_PARAMS["US-REGF-TIME"].partial().strict().optional(),
      "US-REGF-FREQ-7IN7": RULE_PARAMS["US-REGF-FREQ-7IN7"].partial().strict().optional(),
      "US-REGF-FREQ-CONV7": RULE_PARAMS["US-REGF-FREQ-CONV7"].partial().strict().optional(),
      "US-REGF-PATTERN": RULE_PARAMS["US-REGF-PATTERN"].partial().strict().optional(),
      "US-MA-FREQ": RULE_PARAMS["US-MA-FREQ"].partial().strict().optional(),
      "CN-TIME": RULE_PARAMS["CN-TIME"].partial().strict().optional(),
      "CN-FREQ-NUMBER": RULE_PARAMS["CN-FREQ-NUMBER"].partial().strict().optional(),
      "CN-FREQ-DAILY": RULE_PARAMS["CN-FREQ-DAILY"].partial().strict().optional(),
      "CN-3P-CONTACTS": RULE_PARAMS["CN-3P-CONTACTS"].partial().strict().optional(),
      "CN-3P-ONCE": RULE_PARAMS["CN-3P-ONCE"].partial().strict().optional(),
      "UK-CONC-TIME": RULE_PARAMS["UK-CONC-TIME"].partial().strict().optional(),
    })
    .strict(),
});
export type Policy = z.infer<typeof Policy>;

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
const withPolicy = new WeakMap<object, Map<RuleSetId, ResolvedRuleSet>>();

/** The effective rules of a rule set: its base set's, then its own, with the policy's tightening applied. */
export function resolveRuleSet(id: RuleSetId, policy?: Policy): ResolvedRuleSet {
  if (!policy) {
    let cached = plain.get(id);
    if (!cached) {
      cached = build(RuleSetId.parse(id));
      plain.set(id, cached);
    }
    return cached;
  }
  let perPolicy = withPolicy.get(policy);
  if (!perPolicy) {
    perPolicy = new Map();
    withPolicy.set(policy, perPolicy);
  }
  let cached = perPolicy.get(id);
  if (!cached) {
    cached = applyPolicy(build(RuleSetId.parse(id)), parsePolicy(policy));
    perPolicy.set(id, cached);
  }
  return cached;
}

function build(id: RuleSetId): ResolvedRuleSet {
  const definition = RULE_SET_DEFINITIONS[id];
  const base = definition.extends ? build(definition.extends) : undefined;
  const rules = [...(base?.rules ?? []), ...definition.rules.map(toResolved)];
  return { id, layers: [...(base?.layers ?? []), id], rules };
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
