import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError, NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor, UUID } from "../cases/case-access";
import { loadCaseAccounts, loadPersonZone } from "../cases/case-accounts";
import { localToday } from "../cases/dates";
import { reprioritiseIn } from "../cases/reprioritise-cases";

export const ReversePayment = z.object({
  paymentId: z.uuid(),
  /** A returned payment (NSF, returned ACH), a card chargeback, or our own posting error. */
  reason: z.enum(["nsf", "returned", "chargeback", "posting_error"]),
});
export type ReversePayment = z.input<typeof ReversePayment>;

/**
 * Undoes a payment and reopens what it closed: each account it paid gets its allocation back (a paid-off
 * account is active again), the plan's installments lose what it paid (latest first; a completed plan
 * is active again), and a promise it kept is pending again (broken when its date has passed).
 */
export async function reversePayment(ctx: DomainContext, input: ReversePayment): Promise<{ paymentId: string; reopenedAccounts: number }> {
  const p = parseInput(ReversePayment, input);
  if (!UUID.test(p.paymentId)) throw new NotFoundError("payment", p.paymentId);
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx.select({ caseId: schema.payments.caseId }).from(schema.payments).where(eq(schema.payments.id, p.paymentId));
    if (!found) throw new NotFoundError("payment", p.paymentId);
    const c = await loadCaseForActor(tx, ctx.actor, found.caseId, { forUpdate: true, work: true });
    const [payment] = await tx.select().from(schema.payments).where(eq(schema.payments.id, p.paymentId));
    if (payment!.status === "reversed") throw new ConflictError("payment_already_reversed");
    const allocations = await tx.select().from(schema.paymentAllocations).where(eq(schema.paymentAllocations.paymentId, payment!.id));
    const accounts = await loadCaseAccounts(tx, c.id, undefined, { forUpdate: true });
    let reopened = 0;
    for (const al of allocations) {
      const a = accounts.find((x) => x.id === al.accountId)!;
      const wasPaidOff = a.status === "paid" && a.closeCode === "paid_in_full";
      if (wasPaidOff) reopened++;
      await tx.update(schema.accounts).set({
        balanceMinor: sql`${schema.accounts.balanceMinor} + ${al.amountMinor}`,
        ...(wasPaidOff ? { status: "active" as const, closeCode: null, closedAt: null } : {}),
      }).where(eq(schema.accounts.id, a.id));
    }

    const installments = await tx.select({ i: schema.planInstallments, planId: schema.paymentPlans.id, planStatus: schema.paymentPlans.status }).from(schema.planInstallments)
      .innerJoin(schema.paymentPlans, eq(schema.paymentPlans.id, schema.planInstallments.planId))
      .where(and(eq(schema.paymentPlans.caseId, c.id), inArray(schema.paymentPlans.status, ["active", "completed"]), sql`${schema.planInstallments.paidMinor} > 0`))
      .orderBy(desc(schema.planInstallments.dueDate));
    if (allocations.some((al) => al.planInstallmentId)) {
      let left = payment!.amountMinor;
      for (const { i, planId, planStatus } of installments) {
        if (left <= 0) break;
        const take = Math.min(left, i.paidMinor);
        left -= take;
        const paid = i.paidMinor - take;
        await tx.update(schema.planInstallments).set({ paidMinor: paid, status: paid === 0 ? "due" : "partially_paid", paidAt: null }).where(eq(schema.planInstallments.id, i.id));
        if (planStatus === "completed") await tx.update(schema.paymentPlans).set({ status: "active" }).where(eq(schema.paymentPlans.id, planId));
      }
    }

    const promiseId = allocations.find((al) => al.promiseId)?.promiseId;
    if (promiseId) {
      const [promise] = await tx.select().from(schema.promises).where(eq(schema.promises.id, promiseId));
      if (promise?.status === "kept") {
        const [{ paid } = { paid: 0 }] = await tx.select({ paid: sql<number>`coalesce(sum(${schema.payments.amountMinor}), 0)::bigint` }).from(schema.payments)
          .where(and(eq(schema.payments.caseId, c.id), eq(schema.payments.status, "posted"), ne(schema.payments.id, payment!.id), sql`${schema.payments.createdAt} >= ${promise.createdAt.toISOString()}::timestamptz`));
        if (Number(paid) < promise.amountMinor) {
          const { zone } = await loadPersonZone(tx, c.personId);
          const [otherPending] = await tx.select({ id: schema.promises.id }).from(schema.promises).where(and(eq(schema.promises.caseId, c.id), eq(schema.promises.status, "pending")));
          const due = promise.dueDate >= localToday(ctx.now, zone);
          await tx.update(schema.promises).set(due && !otherPending ? { status: "pending", resolvedAt: null } : { status: "broken", resolvedAt: ctx.now })
            .where(eq(schema.promises.id, promise.id));
        }
      }
    }
    await tx.update(schema.payments).set({ status: "reversed", reversedAt: ctx.now, reversalReason: p.reason, reversedBy: actorUserId(ctx.actor) }).where(eq(schema.payments.id, payment!.id));
    await writeAudit(tx, ctx.actor, { action: "payment.reverse", entityType: "payment", entityId: payment!.id, caseId: c.id, personId: c.personId, details: { reason: p.reason, amountMinor: payment!.amountMinor, reopenedAccounts: reopened } }, ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { paymentId: payment!.id, reopenedAccounts: reopened };
  });
}
