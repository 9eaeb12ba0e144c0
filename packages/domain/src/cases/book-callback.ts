import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "./case-access";
import { reprioritiseIn } from "./reprioritise-cases";

export const BookCallback = z.object({ caseId: z.uuid(), dueAt: z.coerce.date(), contactPointId: z.uuid().optional() });
export type BookCallback = z.input<typeof BookCallback>;

/** A callback the debtor asked for: it raises the case to the top of the queue at its time. The call
 *  itself still goes through the gate then. */
export async function bookCallback(ctx: DomainContext, input: BookCallback): Promise<{ callbackId: string }> {
  const p = parseInput(BookCallback, input);
  if (p.dueAt.getTime() <= ctx.now.getTime()) throw new ValidationError("dueAt", "the callback time is in the past");
  if (p.dueAt.getTime() > ctx.now.getTime() + 90 * 86_400_000) throw new ValidationError("dueAt", "more than 90 days out");
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true, work: true });
    if (p.contactPointId) {
      const [cp] = await tx.select({ id: schema.contactPoints.id }).from(schema.contactPoints)
        .where(and(eq(schema.contactPoints.id, p.contactPointId), eq(schema.contactPoints.personId, c.personId)));
      if (!cp) throw new ValidationError("contactPointId", "not a contact point of this debtor");
    }
    const [row] = await tx.insert(schema.callbacks).values({ caseId: c.id, dueAt: p.dueAt, contactPointId: p.contactPointId ?? null, createdBy: actorUserId(ctx.actor) })
      .returning({ id: schema.callbacks.id });
    await tx.update(schema.cases).set({ callbackAt: p.dueAt }).where(eq(schema.cases.id, c.id));
    await writeAudit(tx, ctx.actor, { action: "callback.book", entityType: "callback", entityId: row!.id, caseId: c.id, personId: c.personId, details: { dueAt: p.dueAt.toISOString() } }, ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { callbackId: row!.id };
  });
}
