import { z } from "zod";
import { RULE_PARAMS } from "./params";

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

/** Policies already judged, by content: the gate and the what-if send the same few policies again and again. */
const judged = new Map<string, boolean>();

/** Whether `x` passes the Policy schema (remembered per content; a non-object is never remembered). */
export function isValidPolicy(x: unknown): boolean {
  if (typeof x !== "object" || x === null) return false;
  const key = JSON.stringify(x);
  let ok = judged.get(key);
  if (ok === undefined) {
    ok = Policy.safeParse(x).success;
    if (judged.size >= 2_000) judged.clear();
    judged.set(key, ok);
  }
  return ok;
}
