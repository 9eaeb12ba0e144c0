import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "./case-access";
import { gateContactOrThrow } from "../outreach/gate/gate-contact";

export const StartThirdPartyCall = z.object({
  caseId: z.uuid(),
  relatedPartyId: z.uuid(),
  contactPointId: z.uuid(),
  /** The third party asked to be called again (US-REGF-LOC allows a second contact then). */
  requestedFollowUp: z.boolean().default(false),
});
export type StartThirdPartyCall = z.input<typeof StartThirdPartyCall>;

/** The only script a third-party call may use: location only, never the debt (US-REGF-3P/LOC, CN-3P-CONTACTS). */
export const LOCATION_SCRIPT_ID = "location-only-v1";

/**
 * A location call to an emergency contact or reference. Purpose is fixed to "location" and the content
 * declared as not disclosing the debt, so the gate judges exactly what the agent is allowed to say; the
 * console offers only the location-only script.
 */
export async function startThirdPartyCall(ctx: DomainContext, input: StartThirdPartyCall): Promise<{ attemptId: string; referenceCode: string; script: typeof LOCATION_SCRIPT_ID }> {
  const p = parseInput(StartThirdPartyCall, input);
  const c = await loadCaseForActor(ctx.db, ctx.actor, p.caseId, { work: true });
  const [rp] = await ctx.db.select().from(schema.relatedParties)
    .where(and(eq(schema.relatedParties.id, p.relatedPartyId), eq(schema.relatedParties.debtorPersonId, c.personId)));
  if (!rp) throw new ValidationError("relatedPartyId", "not_related_party");
  if (rp.relationship !== "emergency_contact" && rp.relationship !== "reference") {
    throw new ValidationError("relatedPartyId", "party_counts_as_consumer");
  }
  const [cp] = await ctx.db.select().from(schema.contactPoints)
    .where(and(eq(schema.contactPoints.id, p.contactPointId), eq(schema.contactPoints.personId, rp.personId)));
  if (!cp || cp.kind !== "phone") throw new ValidationError("contactPointId", "choose_party_phone");
  const result = await gateContactOrThrow(ctx, {
    caseId: c.id, partyPersonId: rp.personId, contactPointId: cp.id, channel: "call", purpose: "location",
    content: { disclosesDebt: false, identifiesCollector: true }, requestedFollowUp: p.requestedFollowUp,
  });
  return { attemptId: result.attempt.id, referenceCode: result.attempt.referenceCode, script: LOCATION_SCRIPT_ID };
}
