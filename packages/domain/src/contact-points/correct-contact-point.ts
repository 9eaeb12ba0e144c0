import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "../cases/case-access";

export const CorrectContactPoint = z.object({
  caseId: z.uuid(),
  contactPointId: z.uuid(),
  status: z.enum(["valid", "wrong_number", "bounced", "disconnected"]).optional(),
  isWorkplace: z.boolean().optional(),
  consentCall: z.boolean().optional(),
  consentSms: z.boolean().optional(),
});
export type CorrectContactPoint = z.infer<typeof CorrectContactPoint>;

/** Marks a number wrong or disconnected (the gate then skips it), or corrects its workplace flag and consent. */
export async function correctContactPoint(ctx: DomainContext, input: CorrectContactPoint): Promise<{ ok: true }> {
  const p = parseInput(CorrectContactPoint, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { work: true });
    const [cp] = await tx.select().from(schema.contactPoints).where(and(eq(schema.contactPoints.id, p.contactPointId), eq(schema.contactPoints.personId, c.personId)));
    if (!cp) throw new NotFoundError("contact point", p.contactPointId);
    const set: Partial<typeof schema.contactPoints.$inferInsert> = {};
    if (p.status) { set.status = p.status; set.invalidatedAt = p.status === "valid" ? null : ctx.now; }
    if (p.isWorkplace !== undefined) { set.isWorkplace = p.isWorkplace; set.isPersonal = !p.isWorkplace; }
    if (p.consentCall !== undefined) set.consentCall = p.consentCall;
    if (p.consentSms !== undefined) set.consentSms = p.consentSms;
    if (p.consentCall || p.consentSms) set.consentRecordedAt = ctx.now;
    await tx.update(schema.contactPoints).set(set).where(eq(schema.contactPoints.id, cp.id));
    await writeAudit(tx, ctx.actor, { action: "contact_point.correct", entityType: "contact_point", entityId: cp.id, caseId: c.id, personId: c.personId, details: { ...p, caseId: undefined, contactPointId: undefined } }, ctx.now);
    return { ok: true };
  });
}
