import { and, asc, eq, gt, inArray, lt, or } from "drizzle-orm";
import { schema as s } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { paymentGraceDays, readPolicyInForce } from "../clients/policy-in-force";
import { loadPersonZone } from "../cases/case-accounts";
import { addDays, localToday } from "../cases/dates";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";
import { lockCase } from "../locks/lock-rows";

const PAGE = 500;

/**
 * Marks missed every installment of an active plan whose date (plus the client's grace days, in the
 * debtor's calendar) has passed without being paid in full; a missed installment breaks its plan
 * (docs/DOMAIN.md) and is the case event `installment_missed`: the strategy returns the case to
 * follow-up and plans its next steps, in the same transaction. Paid installments are marked by
 * postPayment as the money arrives. One installment per transaction.
 */
export async function settleDueInstallments(ctx: DomainContext): Promise<{ missed: number; inGrace: number }> {
  const result = { missed: 0, inGrace: 0 };
  const horizon = addDays(ctx.now.toISOString().slice(0, 10), 1);
  const i = s.planInstallments;
  let after: { dueDate: string; id: string } | null = null;
  for (;;) {
    const page: Array<{ id: string; dueDate: string }> = await ctx.db.select({ id: i.id, dueDate: i.dueDate }).from(i)
      .innerJoin(s.paymentPlans, eq(s.paymentPlans.id, i.planId))
      .where(and(eq(s.paymentPlans.status, "active"), inArray(i.status, ["due", "partially_paid"]), lt(i.dueDate, horizon),
        after ? or(gt(i.dueDate, after.dueDate), and(eq(i.dueDate, after.dueDate), gt(i.id, after.id))) : undefined))
      .orderBy(asc(i.dueDate), asc(i.id)).limit(PAGE);
    for (const row of page) {
      const outcome = await settleInstallment(ctx, row.id);
      if (outcome === "missed") result.missed++;
      else if (outcome === "in_grace") result.inGrace++;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!;
  }
  return result;
}

export async function settleInstallment(ctx: DomainContext, installmentId: string): Promise<"missed" | "in_grace" | "gone"> {
  return ctx.db.transaction(async (tx) => {
    const [head] = await tx.select({ caseId: s.paymentPlans.caseId }).from(s.planInstallments)
      .innerJoin(s.paymentPlans, eq(s.paymentPlans.id, s.planInstallments.planId)).where(eq(s.planInstallments.id, installmentId));
    if (!head || !(await lockCase(tx, head.caseId))) return "gone";
    const [row] = await tx.select({ i: s.planInstallments, plan: s.paymentPlans }).from(s.planInstallments)
      .innerJoin(s.paymentPlans, eq(s.paymentPlans.id, s.planInstallments.planId)).where(eq(s.planInstallments.id, installmentId));
    if (!row || row.plan.status !== "active" || (row.i.status !== "due" && row.i.status !== "partially_paid")) return "gone";
    const [c] = await tx.select().from(s.cases).where(eq(s.cases.id, row.plan.caseId));
    const [client] = await tx.select().from(s.clients).where(eq(s.clients.id, c!.clientId));
    const grace = paymentGraceDays((await readPolicyInForce(tx, client!, ctx.now)).policy);
    const { zone } = await loadPersonZone(tx, c!.personId);
    if (localToday(ctx.now, zone) <= addDays(row.i.dueDate, grace)) return "in_grace";

    await tx.update(s.planInstallments).set({ status: "missed" }).where(eq(s.planInstallments.id, row.i.id));
    await tx.update(s.paymentPlans).set({ status: "broken", brokenAt: ctx.now }).where(eq(s.paymentPlans.id, row.plan.id));
    await tx.update(s.accounts).set({ status: "active" })
      .where(and(inArray(s.accounts.id, row.plan.accountIds), eq(s.accounts.status, "on_plan")));
    await writeAudit(tx, ctx.actor, {
      action: "plan.installment_missed", entityType: "payment_plan", entityId: row.plan.id, caseId: c!.id, personId: c!.personId,
      details: { installmentId: row.i.id, seq: row.i.seq, dueDate: row.i.dueDate, graceDays: grace, amountMinor: row.i.amountMinor, paidMinor: row.i.paidMinor },
    }, ctx.now);
    await notifyOutreach(tx, ctx.actor, c!.id, "installment_missed", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c!.id]);
    return "missed";
  });
}
