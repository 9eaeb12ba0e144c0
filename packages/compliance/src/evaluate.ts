import { ruleMessage } from "./messages/index";
import { resolveRuleSet, type Policy, type ResolvedRuleSet } from "./rule-sets/resolve-rule-set";
import { CheckRequest, parsedHistoryTimes, type CheckDecision, type RuleResult } from "./schemas";
import type { Context, Verdict } from "./rules/context";
import { RULES, TIME_DEPENDENT } from "./rules/registry";
import { fastValidate } from "./fast-validate";
import { DAY } from "./time/local-time";
import { parseInstant } from "./time/parse-instant";
import { resolveTimeZones } from "./time/resolve-time-zones";

export interface EvaluateOptions {
  /** A client's tightening of the rule set's parameters (see Policy); default: the request's own `policy`. */
  policy?: Policy;
  /**
   * Parse the request with the CheckRequest schema first (default true). Turn off only for a request
   * that has just been parsed: a malformed request must never reach the rules, which would read absent
   * data as "nothing to stop".
   */
  validate?: boolean;
}

/** How far ahead a combined defer may land before "no time helps" becomes a block. */
const HORIZON = 400 * DAY;
const MAX_ROUNDS = 64;

/** Build the evaluation context once: parsed instants, candidate zones, the effective rules. */
export function createContext(input: CheckRequest, options: EvaluateOptions = {}): Context {
  let req = input;
  let times: Float64Array | undefined;
  if (options.validate !== false) {
    times = fastValidate(input);
    if (!times) req = CheckRequest.parse(input);
  }
  times ??= parsedHistoryTimes.get(req.history);
  if (!times) {
    times = new Float64Array(req.history.length);
    for (let i = 0; i < times.length; i++) times[i] = parseInstant(req.history[i]!.at);
  }
  return {
    req,
    now: parseInstant(req.now),
    zones: resolveTimeZones(req.consumer),
    history: req.history,
    times,
    ruleSet: resolveRuleSet(req.ruleSet, options.policy ?? req.policy),
    days: new Map(),
    selections: new Map(),
  };
}

/**
 * The pre-dispatch gate (docs/RULES.md): every rule of the effective rule set is
 * evaluated at `now`; any block blocks; otherwise the defers combine to the earliest whole minute at
 * which every rule allows at once, found by iterating because one rule's later start can push another
 * (a frequency release at midnight lands outside the calling window).
 */
export function evaluate(input: CheckRequest, options: EvaluateOptions = {}): CheckDecision {
  const ctx = createContext(input, options);
  const { ruleSet, now } = ctx;
  const results: RuleResult[] = [];
  let blocked = false;
  for (const rule of ruleSet.rules) {
    const verdict = RULES.get(rule.id)!.check(ctx, rule.params, now);
    if (!verdict) continue;
    results.push(toResult(rule.id, verdict));
    if (verdict.outcome === "block") blocked = true;
  }
  const timeZones = zonesUsed(ctx);
  if (blocked) return { decision: "block", notBefore: null, results, timeZones };
  if (results.length === 0) return { decision: "allow", notBefore: null, results, timeZones };

  const combined = combineDefers(ctx, ruleSet);
  if (typeof combined === "number") return { decision: "defer", notBefore: new Date(combined).toISOString(), results, timeZones };
  results.push(combined);
  return { decision: "block", notBefore: null, results, timeZones };
}

/** The candidate zones, plus any zone a rule set fixes (CN-TIME always judges Asia/Shanghai). */
function zonesUsed(ctx: Context): string[] {
  const fixed = ctx.ruleSet.rules.find((r) => r.id === "CN-TIME")?.params.zone as string | undefined;
  return fixed && ctx.zones.length > 0 && !ctx.zones.includes(fixed) ? [fixed, ...ctx.zones] : ctx.zones;
}

function combineDefers(ctx: Context, ruleSet: ResolvedRuleSet): number | RuleResult {
  const timed = ruleSet.rules.filter((r) => TIME_DEPENDENT.has(r.id));
  let t = ctx.now;
  let pusher = timed[0]?.id ?? ruleSet.rules[0]!.id;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let next = t;
    for (const rule of timed) {
      const verdict = RULES.get(rule.id)!.check(ctx, rule.params, t);
      if (!verdict) continue;
      // A rule that allows now but can never allow at the later instant the others need.
      if (verdict.outcome === "block") return toResult(rule.id, verdict);
      if (verdict.at > next) {
        next = verdict.at;
        pusher = rule.id;
      }
    }
    if (next === t) return t;
    t = next;
    if (t - ctx.now > HORIZON) break;
  }
  return { rule: pusher, outcome: "block", reason: `${ruleMessage(pusher, "en")} No time within the next year satisfies every rule at once.` };
}

function toResult(rule: string, verdict: NonNullable<Verdict>): RuleResult {
  const reason = ruleMessage(rule, "en", verdict.params ?? {});
  return verdict.outcome === "defer" ? { rule, outcome: "defer", reason, notBefore: new Date(verdict.at).toISOString() } : { rule, outcome: "block", reason };
}
