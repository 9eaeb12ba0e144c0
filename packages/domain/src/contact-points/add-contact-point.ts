import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "../cases/case-access";

export const AddContactPoint = z.discriminatedUnion("kind", [
  z.object({
    caseId: z.uuid(), kind: z.literal("phone"),
    value: z.string().trim().transform((v) => v.replace(/[\s().-]/g, "")).pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "phone_e164")),
    phoneType: z.enum(["mobile", "landline", "work"]),
    source: z.enum(["debtor", "skip_trace", "agent", "inbound"]).default("debtor"),
    consentCall: z.boolean().default(false), consentSms: z.boolean().default(false),
  }),
  z.object({
    caseId: z.uuid(), kind: z.literal("email"), value: z.email("email_invalid").transform((v) => v.toLowerCase()),
    isWorkplace: z.boolean().default(false), source: z.enum(["debtor", "skip_trace", "agent", "inbound"]).default("debtor"),
  }),
]);
export type AddContactPoint = z.input<typeof AddContactPoint>;

/** A phone or email for the case's debtor. A work number is flagged for US-REGF-WORK; consent is
 *  recorded only when the debtor gave it (US-TCPA-CONSENT). */
export async function addContactPoint(ctx: DomainContext, input: AddContactPoint): Promise<{ contactPointId: string }> {
  const p = parseInput(AddContactPoint, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { work: true });
    const [dup] = await tx.select({ id: schema.contactPoints.id }).from(schema.contactPoints)
      .where(and(eq(schema.contactPoints.personId, c.personId), eq(schema.contactPoints.value, p.value))).limit(1);
    if (dup) throw new ConflictError("contact_point_exists");
    const phone = p.kind === "phone";
    const [row] = await tx.insert(schema.contactPoints).values({
      personId: c.personId, kind: p.kind, value: p.value, source: p.source,
      phoneType: phone ? p.phoneType : null,
      isWorkplace: phone ? p.phoneType === "work" : p.isWorkplace,
      isPersonal: phone ? p.phoneType !== "work" : !p.isWorkplace,
      consentCall: phone ? p.consentCall : false, consentSms: phone ? p.consentSms : false,
      consentRecordedAt: phone && (p.consentCall || p.consentSms) ? ctx.now : null,
    }).returning({ id: schema.contactPoints.id });
    await writeAudit(tx, ctx.actor, { action: "contact_point.add", entityType: "contact_point", entityId: row!.id, caseId: c.id, personId: c.personId, details: { kind: p.kind } }, ctx.now);
    return { contactPointId: row!.id };
  });
}
