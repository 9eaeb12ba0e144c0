import { z } from "zod";
import { LocalTime } from "../time/local-time-schema";

// Parameter shapes of the rules that have any; a rule set fills them, a policy may tighten them.
const count = z.number().int().positive();

export const WindowParams = z.object({ start: LocalTime, end: LocalTime });
export const RULE_PARAMS = {
  "US-REGF-TIME": WindowParams,
  "US-REGF-FREQ-7IN7": z.object({ maxCalls: count, days: count }),
  "US-REGF-FREQ-CONV7": z.object({ days: count }),
  "US-REGF-PATTERN": z.object({ gapMinutes: count }),
  "US-MA-FREQ": z.object({ maxCalls: count, days: count, otherDays: count }),
  "CN-TIME": WindowParams.extend({ zone: z.string() }),
  "CN-FREQ-NUMBER": z.object({ maxCallsPerNumber: count }),
  "CN-FREQ-DAILY": z.object({ maxPerDay: count, basis: z.enum(["conversation", "attempt"]) }),
  "CN-3P-CONTACTS": z.object({ quietDays: count, minFailedAttempts: count }),
  "CN-3P-ONCE": z.object({ days: count }),
  "UK-CONC-TIME": WindowParams,
} as const;
export type ParameterisedRuleId = keyof typeof RULE_PARAMS;
export type RuleParams = { [K in ParameterisedRuleId]: z.infer<(typeof RULE_PARAMS)[K]> };

/**
 * Which way each parameter tightens. "max": a lower value is stricter; "min": a higher value is
 * stricter; "start"/"end": a later start or an earlier end narrows the window; "basis": counting every
 * attempt is stricter than counting conversations; "fixed": not a policy's to change.
 */
export type Direction = "max" | "min" | "start" | "end" | "basis" | "fixed";
export const TIGHTENS: { [K in ParameterisedRuleId]: { [P in keyof RuleParams[K]]: Direction } } = {
  "US-REGF-TIME": { start: "start", end: "end" },
  "US-REGF-FREQ-7IN7": { maxCalls: "max", days: "min" },
  "US-REGF-FREQ-CONV7": { days: "min" },
  "US-REGF-PATTERN": { gapMinutes: "min" },
  "US-MA-FREQ": { maxCalls: "max", days: "min", otherDays: "min" },
  "CN-TIME": { start: "start", end: "end", zone: "fixed" },
  "CN-FREQ-NUMBER": { maxCallsPerNumber: "max" },
  "CN-FREQ-DAILY": { maxPerDay: "max", basis: "basis" },
  // A longer quiet period makes "unreachable" both harder (no conversation) and easier (more room for
  // failed attempts): it has no stricter direction, so it stays as the guideline sets it.
  "CN-3P-CONTACTS": { quietDays: "fixed", minFailedAttempts: "min" },
  "CN-3P-ONCE": { days: "min" },
  "UK-CONC-TIME": { start: "start", end: "end" },
};
