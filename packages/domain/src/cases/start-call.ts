import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "./case-access";
import { gateContactOrThrow } from "../outreach/gate/gate-contact";

export const StartCall = z.object({
  caseId: z.uuid(),
  contactPointId: z.uuid(),
  purpose: z.enum(["collection", "validation", "dispute_response"]).default("collection"),
});
export type StartCall = z.input<typeof StartCall>;

/**
 * An agent's call to the debtor, through THE gate (gateContact): allowed → a ledger row is claimed
 * before the agent dials and its reference is shown; deferred or blocked → ComplianceRefusedError with
 * the rules, and nothing but the stored decision is written.
 */
export async function startCall(ctx: DomainContext, input: StartCall): Promise<{ attemptId: string; referenceCode: string; decisionId: string }> {
  const p = parseInput(StartCall, input);
  const c = await loadCaseForActor(ctx.db, ctx.actor, p.caseId, { work: true });
  const [cp] = await ctx.db.select().from(schema.contactPoints)
    .where(and(eq(schema.contactPoints.id, p.contactPointId), eq(schema.contactPoints.personId, c.personId)));
  if (!cp || cp.kind !== "phone") throw new ValidationError("contactPointId", "choose_debtor_phone");
  const result = await gateContactOrThrow(ctx, {
    caseId: c.id, contactPointId: cp.id, channel: "call", purpose: p.purpose,
    content: { disclosesDebt: true, identifiesCollector: true },
  });
  return { attemptId: result.attempt.id, referenceCode: result.attempt.referenceCode, decisionId: result.decisionId };
}
