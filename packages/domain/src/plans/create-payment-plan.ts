import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import { readPolicyInForce } from "../clients/policy-in-force";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";
import { isClosedAccountStatus } from "../cases/account-status";
import { loadCaseAccounts, loadPersonZone } from "../cases/case-accounts";
import { addDays, addMonths, IsoDate, localToday } from "../cases/dates";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";
import { encodeApprovalReasons, type ApprovalReason } from "./approval-reasons";

export const CreatePaymentPlan = z.object({
  caseId: z.uuid(),
  accountIds: z.array(z.uuid()).optional(),
  totalMinor: z.coerce.number().int("amount_not_whole").positive("amount_not_positive"),
  installmentCount: z.coerce.number().int().min(1, "installments_min").max(120, "installments_max"),
  frequency: z.enum(["weekly", "biweekly", "monthly"]),
  firstDueDate: z.string().regex(IsoDate, "date_format"),
});
export type CreatePaymentPlan = z.input<typeof CreatePaymentPlan>;

export function planSchedule(total: number, count: number, frequency: "weekly" | "biweekly" | "monthly", first: string) {
  const base = Math.floor(total / count);
  const remainder = total - base * count;
  return Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    // The remainder goes on the first installment, so every later one is the same round figure.
    amountMinor: base + (i === 0 ? remainder : 0),
    dueDate: frequency === "monthly" ? addMonths(first, i) : addDays(first, i * (frequency === "weekly" ? 7 : 14)),
  }));
}

/** An arrangement. Inside the client's limits it is active at once; outside them (too many installments,
 *  too long, installments too small) it is recorded as pending_approval for a supervisor. */
export async function createPaymentPlan(ctx: DomainContext, input: CreatePaymentPlan): Promise<{ planId: string; status: "active" | "pending_approval"; reasons: ApprovalReason[] }> {
  const p = parseInput(CreatePaymentPlan, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true, work: true });
    const [client] = await tx.select().from(schema.clients).where(eq(schema.clients.id, c.clientId));
    const accounts = (await loadCaseAccounts(tx, c.id, p.accountIds)).filter((a) => !isClosedAccountStatus(a.status));
    if (accounts.length === 0) throw new ValidationError("accountIds", "no_open_account");
    if (accounts.some((a) => a.status === "disputed")) throw new ConflictError("account_disputed_no_plan");
    const { zone } = await loadPersonZone(tx, c.personId);
    const today = localToday(ctx.now, zone);
    if (p.firstDueDate < today) throw new ValidationError("firstDueDate", "plan_first_due_past");
    const owed = accounts.reduce((t, a) => t + a.balanceMinor, 0);
    if (p.totalMinor > owed) throw new ValidationError("totalMinor", "amount_over_balance");
    const [active] = await tx.select({ id: schema.paymentPlans.id }).from(schema.paymentPlans)
      .where(and(eq(schema.paymentPlans.caseId, c.id), inArray(schema.paymentPlans.status, ["active", "pending_approval"]))).limit(1);
    if (active) throw new ConflictError("plan_exists");

    const schedule = planSchedule(p.totalMinor, p.installmentCount, p.frequency, p.firstDueDate);
    // The limits in force now, not the ones the client was onboarded with (a later version may tighten them).
    const { policy } = await readPolicyInForce(tx, client!, ctx.now);
    const reasons: ApprovalReason[] = [];
    if (p.installmentCount > policy.planMaxInstallments) reasons.push({ code: "installments", limit: policy.planMaxInstallments });
    if (schedule[schedule.length - 1]!.dueDate > addMonths(today, policy.planMaxMonths)) reasons.push({ code: "months", limit: policy.planMaxMonths });
    if (schedule.some((i) => i.amountMinor < policy.planMinInstallmentMinor)) reasons.push({ code: "installment_min", limit: policy.planMinInstallmentMinor });
    if (p.totalMinor < owed) {
      const floor = Math.ceil((owed * policy.settlementFloorBps) / 10_000);
      if (p.totalMinor < floor) reasons.push({ code: "settlement_floor", limitBps: policy.settlementFloorBps });
    }
    const status = reasons.length ? "pending_approval" : "active";
    const [plan] = await tx.insert(schema.paymentPlans).values({
      caseId: c.id, accountIds: accounts.map((a) => a.id), currency: accounts[0]!.currency, totalMinor: p.totalMinor,
      installmentCount: p.installmentCount, frequency: p.frequency, status, requiresApproval: reasons.length > 0,
      approvalReason: encodeApprovalReasons(reasons), createdBy: actorUserId(ctx.actor),
    }).returning({ id: schema.paymentPlans.id });
    await tx.insert(schema.planInstallments).values(schedule.map((i) => ({ ...i, planId: plan!.id })));
    if (status === "active") {
      await tx.update(schema.accounts).set({ status: "on_plan" })
        .where(and(inArray(schema.accounts.id, accounts.map((a) => a.id)), inArray(schema.accounts.status, ["active", "promised"])));
      await notifyOutreach(tx, ctx.actor, c.id, "plan_created", ctx.now);
    }
    await writeAudit(tx, ctx.actor, {
      action: "plan.create", entityType: "payment_plan", entityId: plan!.id, caseId: c.id, personId: c.personId,
      details: { status, totalMinor: p.totalMinor, installmentCount: p.installmentCount, frequency: p.frequency, reasons: encodeApprovalReasons(reasons) },
    }, ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { planId: plan!.id, status, reasons };
  });
}
