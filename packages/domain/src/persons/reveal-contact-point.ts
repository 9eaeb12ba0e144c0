import { and, eq, or } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "../cases/case-access";

export const RevealContactPoint = z.object({ caseId: z.uuid(), contactPointId: z.uuid() });
export type RevealContactPoint = z.infer<typeof RevealContactPoint>;

/** Shows a masked phone, email or address in full; who looked at whose data is an audit event. */
export async function revealContactPoint(ctx: DomainContext, input: RevealContactPoint): Promise<{ value: string }> {
  const p = parseInput(RevealContactPoint, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId);
    // The point must belong to this case's debtor or one of the debtor's related parties.
    const [cp] = await tx.select({ cp: schema.contactPoints }).from(schema.contactPoints)
      .leftJoin(schema.relatedParties, and(eq(schema.relatedParties.personId, schema.contactPoints.personId), eq(schema.relatedParties.debtorPersonId, c.personId)))
      .where(and(eq(schema.contactPoints.id, p.contactPointId), or(eq(schema.contactPoints.personId, c.personId), eq(schema.relatedParties.debtorPersonId, c.personId))))
      .limit(1);
    if (!cp) throw new NotFoundError("contact point", p.contactPointId);
    await writeAudit(tx, ctx.actor, { action: "person.reveal", entityType: "contact_point", entityId: cp.cp.id, caseId: c.id, personId: cp.cp.personId, details: { kind: cp.cp.kind } }, ctx.now);
    return { value: cp.cp.value };
  });
}
