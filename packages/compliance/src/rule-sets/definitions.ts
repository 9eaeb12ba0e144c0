import type { RuleId } from "../rule-ids";
import type { RuleSetId } from "../schemas";
import type { ParameterisedRuleId, RuleParams } from "./params";

export type RuleEntry = { [K in ParameterisedRuleId]: { id: K; params: RuleParams[K] } }[ParameterisedRuleId] | { id: Exclude<RuleId, ParameterisedRuleId> };

/** A rule set is data: the rules it applies, in evaluation order, with their parameters. */
export interface RuleSetDefinition {
  id: RuleSetId;
  /** An overlay: the base set's rules come first, then these. */
  extends?: RuleSetId;
  source: string;
  rules: readonly RuleEntry[];
}

/**
 * Casebook's own rules, applied after every rule set's (and after an overlay's): they only ever add a
 * refusal. Today one: CASEBOOK-OPTOUT, a STOP / 退订 honoured whatever the jurisdiction.
 */
export const HOUSE_RULES: readonly RuleEntry[] = [{ id: "CASEBOOK-OPTOUT" }];

export const US_FDCPA: RuleSetDefinition = {
  id: "US-FDCPA",
  source: "CFPB Regulation F (12 CFR 1006), FDCPA (15 USC 1692), 11 USC 362, TCPA",
  rules: [
    { id: "US-REGF-TIME", params: { start: "08:00", end: "21:00" } },
    { id: "US-REGF-TIME-MULTITZ" },
    { id: "US-REGF-FREQ-7IN7", params: { maxCalls: 7, days: 7 } },
    { id: "US-REGF-FREQ-CONV7", params: { days: 7 } },
    { id: "US-REGF-PATTERN", params: { gapMinutes: 5 } },
    { id: "US-REGF-WORK" },
    { id: "US-REGF-PLACE" },
    { id: "US-REGF-ATTY" },
    { id: "US-REGF-CEASE" },
    { id: "US-REGF-MEDIUM" },
    { id: "US-REGF-EOPTOUT" },
    { id: "US-REGF-3P" },
    { id: "US-REGF-LOC" },
    { id: "US-REGF-LCM" },
    { id: "US-REGF-DISPUTE" },
    { id: "US-REGF-TIMEBAR" },
    { id: "US-REGF-MM" },
    { id: "US-REGF-VALID" },
    { id: "US-BK-STAY" },
    { id: "US-DECEASED" },
    { id: "US-TCPA-CONSENT" },
  ],
};

export const US_MA: RuleSetDefinition = {
  id: "US-MA",
  extends: "US-FDCPA",
  source: "940 CMR 7.04(1)(f)",
  rules: [{ id: "US-MA-FREQ", params: { maxCalls: 2, days: 7, otherDays: 30 } }],
};

export const CN_CBA: RuleSetDefinition = {
  id: "CN-CBA",
  source: "GB/T 45251-2025; China Banking Association consumer-loan collection guideline (2026); PIPL",
  rules: [
    { id: "CN-TIME", params: { start: "08:00", end: "22:00", zone: "Asia/Shanghai" } },
    { id: "CN-FREQ-NUMBER", params: { maxCallsPerNumber: 6 } },
    { id: "CN-FREQ-DAILY", params: { maxPerDay: 3, basis: "conversation" } },
    { id: "CN-3P-CONTACTS", params: { quietDays: 3, minFailedAttempts: 3 } },
    { id: "CN-ID" },
    { id: "CN-PROHIB" },
    { id: "CN-PIPL" },
    { id: "CN-DISPUTE" },
    { id: "CN-WRITTEN" },
    { id: "CN-3P-ONCE", params: { days: 30 } },
    { id: "CN-WORK" },
  ],
};

export const UK_CONC: RuleSetDefinition = {
  id: "UK-CONC",
  source: "FCA Handbook CONC 7",
  rules: [
    // CONC 7 names no hours: 08:00–21:00 is our configurable default [U], and it is the floor a policy tightens.
    { id: "UK-CONC-TIME", params: { start: "08:00", end: "21:00" } },
    { id: "UK-CONC-3P" },
    { id: "UK-CONC-CAPACITY" },
    { id: "UK-CONC-HOW" },
  ],
};

export const RULE_SET_DEFINITIONS: Readonly<Record<RuleSetId, RuleSetDefinition>> = {
  "US-FDCPA": US_FDCPA,
  "US-MA": US_MA,
  "CN-CBA": CN_CBA,
  "UK-CONC": UK_CONC,
};
