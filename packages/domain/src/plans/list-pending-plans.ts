import { desc, eq } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { ForbiddenError } from "../errors";
import { requireUserActor } from "../cases/case-access";

/** Plans waiting for a supervisor. */
export async function listPendingPlans(ctx: DomainContext) {
  const actor = requireUserActor(ctx.actor);
  if (actor.role !== "supervisor" && actor.role !== "admin") throw new ForbiddenError();
  return ctx.db.select({
    id: schema.paymentPlans.id, caseId: schema.paymentPlans.caseId, totalMinor: schema.paymentPlans.totalMinor,
    currency: schema.paymentPlans.currency, installmentCount: schema.paymentPlans.installmentCount, frequency: schema.paymentPlans.frequency,
    approvalReason: schema.paymentPlans.approvalReason, createdAt: schema.paymentPlans.createdAt, personName: schema.persons.fullName,
  }).from(schema.paymentPlans)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.paymentPlans.caseId))
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(eq(schema.paymentPlans.status, "pending_approval")).orderBy(desc(schema.paymentPlans.createdAt)).limit(200);
}
