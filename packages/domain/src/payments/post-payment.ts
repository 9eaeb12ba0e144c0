import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { amountInCurrency } from "./money";
import { actorUserId, loadCaseForActor } from "../cases/case-access";
import { isClosedAccountStatus } from "../cases/account-status";
import { loadCaseAccounts } from "../cases/case-accounts";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";

export const PostPayment = z.object({
  caseId: z.uuid(),
  /** The amount as received, in the debt's major units ("125.00"): scaled here by the debt's currency
   *  (issue 9 §5). A screen sends this, never a scale or a currency of its own. */
  amount: z.string().trim().min(1, "required").optional(),
  /** Or already in the debt's minor units (imports, tests). */
  amountMinor: z.coerce.number().int("amount_not_whole").positive("amount_not_positive").optional(),
  method: z.enum(["card", "ach", "bank_transfer", "check", "cash", "alipay", "wechat_pay", "unionpay"]),
  /** The processor's or bank's reference: a payment is stored once per reference on a case. */
  reference: z.string().trim().max(100).optional().transform((v) => (v ? v : undefined)),
  receivedAt: z.coerce.date().optional(),
}).superRefine((v, c) => {
  // Exactly one of the two: an amount is never both typed and pre-scaled.
  if ((v.amount === undefined) === (v.amountMinor === undefined)) c.addIssue({ code: "custom", path: ["amount"], message: "required" });
});
export type PostPayment = z.input<typeof PostPayment>;

/** Posts a payment and applies it: oldest account first, to the plan's due installments and the pending
 *  promise; a promise is kept once payments since it was made reach its amount. */
export async function postPayment(ctx: DomainContext, input: PostPayment): Promise<{ paymentId: string; allocations: Array<{ accountId: string; amountMinor: number }> }> {
  const p = parseInput(PostPayment, input);
  if (p.receivedAt && p.receivedAt.getTime() > ctx.now.getTime() + 60_000) throw new ValidationError("receivedAt", "payment_in_future");
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true, work: true });
    const accounts = (await loadCaseAccounts(tx, c.id, undefined, { forUpdate: true })).filter((a) => !isClosedAccountStatus(a.status) && a.balanceMinor > 0);
    const field = p.amount === undefined ? "amountMinor" : "amount";
    const owed = accounts.reduce((t, a) => t + a.balanceMinor, 0);
    if (owed === 0) throw new ValidationError(field, "nothing_owed");
    const currency = accounts[0]!.currency;
    const amountMinor = p.amount === undefined ? p.amountMinor! : amountInCurrency("amount", p.amount, currency);
    if (amountMinor > owed) throw new ValidationError(field, "amount_over_balance");
    // Money once (issue 9 §5): the unique (case, reference) index decides, not a prior SELECT, so two
    // posts of one reference racing each other store one payment and refuse the other.
    const [payment] = await tx.insert(schema.payments).values({
      caseId: c.id, currency, amountMinor, method: p.method, reference: p.reference ?? null,
      receivedAt: p.receivedAt ?? ctx.now, postedBy: actorUserId(ctx.actor),
    }).onConflictDoNothing({ target: [schema.payments.caseId, schema.payments.reference], where: sql`reference is not null` })
      .returning({ id: schema.payments.id });
    if (!payment) throw new ValidationError("reference", "payment_reference_recorded", { reference: p.reference ?? "" });

    const [promise] = await tx.select().from(schema.promises).where(and(eq(schema.promises.caseId, c.id), eq(schema.promises.status, "pending"))).limit(1);
    const installments = await tx.select({ i: schema.planInstallments }).from(schema.planInstallments)
      .innerJoin(schema.paymentPlans, eq(schema.paymentPlans.id, schema.planInstallments.planId))
      .where(and(eq(schema.paymentPlans.caseId, c.id), eq(schema.paymentPlans.status, "active"), inArray(schema.planInstallments.status, ["due", "partially_paid", "missed"])))
      .orderBy(asc(schema.planInstallments.dueDate));

    let left = amountMinor;
    const allocations: Array<{ accountId: string; amountMinor: number }> = [];
    let paidOff = true;
    for (const a of accounts) {
      const take = Math.min(left, a.balanceMinor);
      if (take > 0) {
        left -= take;
        allocations.push({ accountId: a.id, amountMinor: take });
        const balance = a.balanceMinor - take;
        await tx.update(schema.accounts).set(balance === 0 ? { balanceMinor: 0, status: "paid", closeCode: "paid_in_full", closedAt: ctx.now } : { balanceMinor: balance })
          .where(eq(schema.accounts.id, a.id));
        if (balance > 0) paidOff = false;
      } else paidOff = false;
    }
    let forInstallments = amountMinor;
    let firstInstallmentId: string | null = null;
    for (const { i } of installments) {
      if (forInstallments <= 0) break;
      const due = i.amountMinor - i.paidMinor;
      const take = Math.min(due, forInstallments);
      forInstallments -= take;
      firstInstallmentId ??= i.id;
      await tx.update(schema.planInstallments).set({ paidMinor: i.paidMinor + take, status: take === due ? "paid" : "partially_paid", paidAt: take === due ? ctx.now : null })
        .where(eq(schema.planInstallments.id, i.id));
    }
    // A plan whose every instalment is paid is completed (a reversal makes it active again: reverse-payment.ts).
    for (const planId of new Set(installments.map(({ i }) => i.planId))) {
      await tx.update(schema.paymentPlans).set({ status: "completed" }).where(and(eq(schema.paymentPlans.id, planId), eq(schema.paymentPlans.status, "active"),
        sql`not exists (select 1 from ${schema.planInstallments} where ${schema.planInstallments.planId} = ${planId} and ${schema.planInstallments.status} <> 'paid')`));
    }
    await tx.insert(schema.paymentAllocations).values(allocations.map((al, idx) => ({
      paymentId: payment!.id, accountId: al.accountId, amountMinor: al.amountMinor,
      planInstallmentId: idx === 0 ? firstInstallmentId : null, promiseId: idx === 0 ? (promise?.id ?? null) : null,
    })));
    if (promise) {
      const [{ paid } = { paid: 0 }] = await tx.select({ paid: sql<number>`coalesce(sum(${schema.payments.amountMinor}), 0)::bigint` }).from(schema.payments)
        .where(and(eq(schema.payments.caseId, c.id), eq(schema.payments.status, "posted"), sql`${schema.payments.createdAt} >= ${promise.createdAt.toISOString()}::timestamptz`));
      if (Number(paid) >= promise.amountMinor) {
        await tx.update(schema.promises).set({ status: "kept", resolvedAt: ctx.now }).where(eq(schema.promises.id, promise.id));
      }
    }
    await writeAudit(tx, ctx.actor, { action: "payment.post", entityType: "payment", entityId: payment!.id, caseId: c.id, personId: c.personId, details: { amountMinor, method: p.method, allocations } }, ctx.now);
    if (paidOff) await notifyOutreach(tx, ctx.actor, c.id, "paid_in_full", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { paymentId: payment!.id, allocations };
  });
}
