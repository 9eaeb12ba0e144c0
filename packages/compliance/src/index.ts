// @casebook/compliance: the pure pre-dispatch rules engine. No database, Redis, clock or environment.
export {
  CheckRequest, CheckDecision, RuleResult, Channel, Role, Purpose, Outcome, RuleSetId, HistoryEntry,
  ProposedContact, Consumer, Location, CHANNELS, ROLES, PURPOSES, OUTCOMES, RULE_SET_IDS,
} from "./schemas";
export type { ContentDeclaration } from "./schemas";
export { evaluate, type EvaluateOptions } from "./evaluate";
export { callUsage, validationAlerts, type CallUsage, type Alert } from "./call-usage";
export { Policy, PolicyError, resolveRuleSet, type ResolvedRuleSet, type ResolvedRule } from "./rule-sets/resolve-rule-set";
export { RULE_SET_DEFINITIONS, type RuleSetDefinition, type RuleEntry } from "./rule-sets/definitions";
export { RULE_PARAMS, TIGHTENS, type RuleParams } from "./rule-sets/params";
export { RULE_IDS, type RuleId } from "./rule-ids";
export { resolveTimeZones } from "./time/resolve-time-zones";
export { defaultTimeZone, jurisdictionOf, type Jurisdiction } from "./time/default-time-zone";
export { ruleMessage, type Locale } from "./messages/index";
