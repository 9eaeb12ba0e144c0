import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { ForbiddenError } from "../errors";
import { actorTeamIds, requireUserActor } from "../cases/case-access";
import { parseApprovalReasons } from "./approval-reasons";

/** Plans waiting for a supervisor: a supervisor sees their own teams' (every membership), an admin every team's. */
export async function listPendingPlans(ctx: DomainContext) {
  const actor = requireUserActor(ctx.actor);
  if (actor.role !== "supervisor" && actor.role !== "admin") throw new ForbiddenError();
  const where: SQL[] = [eq(schema.paymentPlans.status, "pending_approval")];
  if (actor.role === "supervisor") {
    // A supervisor without a team supervises nobody's plans.
    const teams = actorTeamIds(actor);
    if (teams.length === 0) return [];
    where.push(inArray(schema.cases.teamId, teams));
  }
  const rows = await ctx.db.select({
    id: schema.paymentPlans.id, caseId: schema.paymentPlans.caseId, totalMinor: schema.paymentPlans.totalMinor,
    currency: schema.paymentPlans.currency, installmentCount: schema.paymentPlans.installmentCount, frequency: schema.paymentPlans.frequency,
    approvalReason: schema.paymentPlans.approvalReason, createdAt: schema.paymentPlans.createdAt, personName: schema.persons.fullName,
  }).from(schema.paymentPlans)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.paymentPlans.caseId))
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(and(...where)).orderBy(desc(schema.paymentPlans.createdAt)).limit(200);
  return rows.map(({ approvalReason, ...r }) => ({ ...r, reasons: parseApprovalReasons(approvalReason) }));
}
