import { and, asc, eq } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import { buildCheckRequest } from "../outreach/gate/build-check-request";
import type { CheckDecision } from "@casebook/compliance";
import { evaluateCheck } from "../outreach/gate/evaluate-check";
import { ValidationError } from "../errors";

/**
 * What the gate would answer for a collection call to the debtor at a future instant: the facts (history,
 * holds, disputes, opt-outs, restrictions) as they stand now, the clock moved to the callback's time. A
 * callback the gate would refuse at its time is a promise to the debtor the agent cannot keep.
 */
export async function callbackChecker(tx: DbOrTx, input: { caseId: string; personId: string; contactPointId?: string | undefined; now: Date }) {
  let contactPointId = input.contactPointId;
  if (!contactPointId) {
    const [phone] = await tx.select({ id: schema.contactPoints.id }).from(schema.contactPoints)
      .where(and(eq(schema.contactPoints.personId, input.personId), eq(schema.contactPoints.kind, "phone"), eq(schema.contactPoints.status, "valid")))
      .orderBy(asc(schema.contactPoints.isWorkplace), asc(schema.contactPoints.createdAt)).limit(1);
    if (!phone) throw new ValidationError("contactPointId", "choose_debtor_phone");
    contactPointId = phone.id;
  }
  const built = await buildCheckRequest(tx, { caseId: input.caseId, contactPointId, channel: "call", purpose: "collection", now: input.now });
  // The zones the engine itself resolves (explicit, else from the person's locations).
  const zone = evaluateCheck(built.request, built.policy).timeZones[0] ?? null;
  return {
    contactPointId,
    zone,
    at(instant: Date): CheckDecision {
      return evaluateCheck({ ...built.request, now: instant.toISOString() }, built.policy);
    },
  };
}

/** The earliest instant at or after `from` that the gate allows, following each defer's notBefore. */
export function nextAllowed(check: (at: Date) => CheckDecision, from: Date): Date | null {
  let at = from;
  for (let i = 0; i < 6; i++) {
    const d = check(at);
    if (d.decision === "allow") return at;
    if (d.decision === "block" || !d.notBefore) return null;
    const next = new Date(d.notBefore);
    if (next.getTime() <= at.getTime()) return null;
    at = next;
  }
  return null;
}
