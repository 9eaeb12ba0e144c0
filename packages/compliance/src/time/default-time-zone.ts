import type { RuleSetId } from "../schemas";

/** The jurisdiction a rule set or an ISO country code belongs to. */
export type Jurisdiction = "US" | "UK" | "CN";

/**
 * The zone a person's local day and hours are placed in when nothing about them is known (no zone,
 * no location): the one answer, so a queue, a promise date and a planned step agree. Takes a rule set
 * ("US-FDCPA", "UK-CONC", "CN-CBA") or the person's country ("US", "GB", "CN"); anything else is
 * judged as the US. Planning only: the gate itself fails closed on an unknown zone.
 */
export function defaultTimeZone(ruleSetOrCountry: RuleSetId | string): string {
  switch (jurisdictionOf(ruleSetOrCountry)) {
    case "CN": return "Asia/Shanghai";
    case "UK": return "Europe/London";
    case "US": return "America/New_York";
  }
}

export function jurisdictionOf(ruleSetOrCountry: RuleSetId | string): Jurisdiction {
  const prefix = ruleSetOrCountry.slice(0, 2).toUpperCase();
  if (prefix === "CN") return "CN";
  if (prefix === "UK" || prefix === "GB") return "UK";
  return "US";
}
