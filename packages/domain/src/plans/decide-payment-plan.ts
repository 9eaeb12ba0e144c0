import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { inTeam, loadCaseForActor, requireUserActor } from "../cases/case-access";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";

export const DecidePaymentPlan = z.object({ planId: z.uuid(), approve: z.boolean(), note: z.string().max(500).optional() });
export type DecidePaymentPlan = z.infer<typeof DecidePaymentPlan>;

/** A supervisor approves or rejects a plan outside the client's limits. */
export async function decidePaymentPlan(ctx: DomainContext, input: DecidePaymentPlan): Promise<{ status: "active" | "rejected" }> {
  const p = parseInput(DecidePaymentPlan, input);
  const actor = requireUserActor(ctx.actor);
  if (actor.role !== "supervisor" && actor.role !== "admin") throw new ForbiddenError("supervisor_only");
  return ctx.db.transaction(async (tx) => {
    // A plan is guarded by its case's lock (every plan writer holds it): lock the case, then read the plan.
    const [ref] = await tx.select({ caseId: schema.paymentPlans.caseId }).from(schema.paymentPlans).where(eq(schema.paymentPlans.id, p.planId));
    if (!ref) throw new NotFoundError("payment plan", p.planId);
    const c = await loadCaseForActor(tx, ctx.actor, ref.caseId, { forUpdate: true });
    const [plan] = await tx.select().from(schema.paymentPlans).where(eq(schema.paymentPlans.id, p.planId));
    if (!plan) throw new NotFoundError("payment plan", p.planId);
    // A supervisor decides their own team's plans only (the list shows no other; a forged id gets 403).
    if (actor.role === "supervisor" && !inTeam(actor, c.teamId)) throw new ForbiddenError();
    if (plan.status !== "pending_approval") throw new ConflictError("plan_not_pending");
    const status = p.approve ? "active" : "rejected";
    await tx.update(schema.paymentPlans).set({ status, decidedBy: actor.userId, decidedAt: ctx.now }).where(eq(schema.paymentPlans.id, plan.id));
    if (p.approve) {
      await tx.update(schema.accounts).set({ status: "on_plan" })
        .where(and(inArray(schema.accounts.id, plan.accountIds), inArray(schema.accounts.status, ["active", "promised"])));
      await notifyOutreach(tx, ctx.actor, c.id, "plan_created", ctx.now);
    }
    await writeAudit(tx, ctx.actor, { action: p.approve ? "plan.approve" : "plan.reject", entityType: "payment_plan", entityId: plan.id, caseId: c.id, personId: c.personId, details: { note: p.note ?? null } }, ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { status };
  });
}
