import type { RuleId } from "../rule-ids";
import * as conduct from "./conduct-rules";
import * as cnuk from "./cn-uk-rules";
import type { Rule } from "./context";
import * as frequency from "./frequency-rules";
import * as house from "./house-rules";
import * as time from "./time-rules";

// Rule modules also export helpers (frequency counting, the written-only test): keep only the rules.
const all: Rule[] = [...Object.values(time), ...Object.values(frequency), ...Object.values(conduct), ...Object.values(cnuk), ...Object.values(house)].filter(isRule);

function isRule(x: unknown): x is Rule {
  return typeof x === "object" && x !== null && "id" in x && "check" in x;
}

export const RULES: ReadonlyMap<RuleId, Rule> = new Map(all.map((r) => [r.id, r]));

/** Rules whose answer depends on the instant; the others answer once for the whole decision. */
export const TIME_DEPENDENT: ReadonlySet<RuleId> = new Set<RuleId>([
  "US-REGF-TIME", "US-REGF-TIME-MULTITZ", "US-REGF-PLACE", "US-REGF-FREQ-7IN7", "US-REGF-FREQ-CONV7",
  "US-REGF-PATTERN", "US-MA-FREQ", "CN-TIME", "CN-FREQ-NUMBER", "CN-FREQ-DAILY", "UK-CONC-TIME",
]);
