import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "./case-access";
import { reprioritiseIn } from "./reprioritise-cases";
import { callbackChecker, nextAllowed } from "./callback-gate";

export const BookCallback = z.object({ caseId: z.uuid(), dueAt: z.coerce.date(), contactPointId: z.uuid().optional() });
export type BookCallback = z.input<typeof BookCallback>;

/** A callback the debtor asked for: it raises the case to the top of the queue at its time. The call
 *  itself still goes through the gate then. */
export async function bookCallback(ctx: DomainContext, input: BookCallback): Promise<{ callbackId: string }> {
  const p = parseInput(BookCallback, input);
  if (p.dueAt.getTime() <= ctx.now.getTime()) throw new ValidationError("dueAt", "callback_past");
  if (p.dueAt.getTime() > ctx.now.getTime() + 90 * 86_400_000) throw new ValidationError("dueAt", "callback_too_far");
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true, work: true });
    if (p.contactPointId) {
      const [cp] = await tx.select({ id: schema.contactPoints.id }).from(schema.contactPoints)
        .where(and(eq(schema.contactPoints.id, p.contactPointId), eq(schema.contactPoints.personId, c.personId)));
      if (!cp) throw new ValidationError("contactPointId", "contact_point_not_of_debtor");
    }
    // Only a time the gate would allow for this person and channel (issue 11): a refused time names the next one.
    const checker = await callbackChecker(tx, { caseId: c.id, personId: c.personId, contactPointId: p.contactPointId, now: ctx.now });
    const decision = checker.at(p.dueAt);
    if (decision.decision !== "allow") {
      const rules = decision.results.map((r) => r.rule).join(", ");
      const next = nextAllowed(checker.at, p.dueAt);
      if (next) throw new ValidationError("dueAt", "callback_not_allowed_until", { rules, notBefore: next.toISOString(), ...(checker.zone ? { zone: checker.zone } : {}) });
      throw new ValidationError("dueAt", "callback_not_allowed", { rules });
    }
    // One open callback per case, the one `cases.callback_at` mirrors (issue 9 §1): booking again moves
    // it. An upsert on the unique index, so two bookings racing leave one open callback, the later time.
    const values = { caseId: c.id, dueAt: p.dueAt, contactPointId: p.contactPointId ?? checker.contactPointId, createdBy: actorUserId(ctx.actor) };
    const [row] = await tx.insert(schema.callbacks).values(values)
      .onConflictDoUpdate({ target: schema.callbacks.caseId, targetWhere: sql`done_at is null`, set: { dueAt: values.dueAt, contactPointId: values.contactPointId, createdBy: values.createdBy } })
      .returning({ id: schema.callbacks.id, moved: sql<boolean>`xmax <> 0` });
    await tx.update(schema.cases).set({ callbackAt: p.dueAt }).where(eq(schema.cases.id, c.id));
    await writeAudit(tx, ctx.actor, { action: "callback.book", entityType: "callback", entityId: row!.id, caseId: c.id, personId: c.personId, details: { dueAt: p.dueAt.toISOString(), moved: row!.moved } }, ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { callbackId: row!.id };
  });
}
