import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { schema as s, type Tx } from "@casebook/db";
import { stageForDpd } from "@casebook/db/schema";
import { writeAudit } from "../../audit";
import type { Actor, DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { isClosedAccountStatus } from "../../cases/account-status";
import { enterStageInTx, type StageKind } from "./enter-stage";
import { resolveZones } from "../gate/evaluate-check";
import { addDays, daysBetween, epochDay, localDate, localInstant } from "./local-time";
import { cadenceOccurrences, stageReference } from "./cadence";
import { lockCase } from "../../locks/lock-rows";
import { strategyForClient } from "../../clients/client-strategy";

export const PlanOutreach = z.object({ caseId: z.uuid() });
export type PlanOutreach = z.infer<typeof PlanOutreach>;

export interface PlanOutreachResult {
  stage: StageKind | null;
  /** Steps inserted now (existing plan keys are left alone). */
  planned: number;
  skipped?: "closed" | "no_strategy" | "stopped" | "no_open_account";
}

export const INSTALLMENT_LOOKAHEAD_DAYS = 14;

/**
 * The planner's horizon (issue 15): a cadence step is written when it falls due within this long of the
 * planning instant, not for the whole stage at its entry. The planner's walk (every PLAN_EVERY_MS, at
 * most a quarter of this: apps/worker/src/env.ts) tops each case up as time passes, and every event that
 * plans (a stage entry, a broken promise, a released hold) plans from the case as it is then. So the
 * table holds the next two days of a book, not its next ninety (16.7 rows a case at placement were most
 * of a million-case walk), and a step is decided from the case's facts of at most a walk ago. What is
 * sent, and when, does not change as long as the walk runs: test/outreach/plan-horizon.test.ts.
 */
export const PLAN_HORIZON_MS = 2 * 86_400_000;

/**
 * The scheduler (issue 4): from the case's strategy, stage and events, creates the outreach steps of
 * the current stage that fall due within the planner's horizon (PLAN_HORIZON_MS). Idempotent: each cadence step has a plan key (case, strategy step, occurrence,
 * party) and is inserted with ON CONFLICT DO NOTHING. `occurrence` encodes the stage entry:
 * epochDay(reference date) * 100 + n, so re-entering a stage on another day (a broken promise)
 * plans a fresh cadence while re-planning the same entry changes nothing.
 */
export async function planOutreach(ctx: DomainContext, rawInput: PlanOutreach): Promise<PlanOutreachResult> {
  const input = parseInput(PlanOutreach, rawInput);
  return ctx.db.transaction(async (tx) => {
    if (!(await lockCase(tx, input.caseId))) throw new NotFoundError("case", input.caseId);
    return planOutreachInTx(tx, ctx.actor, ctx.now, input.caseId);
  });
}

/** Takes (or re-enters) the case's person → case locks (locks/lock-rows.ts) before reading it. */
export async function planOutreachInTx(tx: Tx, actor: Actor, now: Date, caseId: string): Promise<PlanOutreachResult> {
  await lockCase(tx, caseId);
  let [c] = await tx.select().from(s.cases).where(eq(s.cases.id, caseId));
  if (!c) throw new NotFoundError("case", caseId);
  if (c.status !== "open") return { stage: c.stage, planned: 0, skipped: "closed" };
  const client = (await tx.query.clients.findFirst({ where: eq(s.clients.id, c.clientId) }))!;
  const debtor = (await tx.query.persons.findFirst({ where: eq(s.persons.id, c.personId) }))!;

  const activeHolds = await tx
    .select({ id: s.holds.id })
    .from(s.holds)
    .where(and(eq(s.holds.personId, c.personId), isNull(s.holds.releasedAt), or(isNull(s.holds.caseId), eq(s.holds.caseId, c.id))));
  if (activeHolds.length > 0) return { stage: c.stage, planned: 0, skipped: "stopped" };

  const accounts = (await tx.select().from(s.accounts).where(eq(s.accounts.caseId, c.id))).filter((a) => !isClosedAccountStatus(a.status));
  if (accounts.length === 0) return { stage: c.stage, planned: 0, skipped: "no_open_account" };
  const disputed = await tx
    .select({ accountId: s.disputes.accountId })
    .from(s.disputes)
    .where(and(inArray(s.disputes.accountId, accounts.map((a) => a.id)), eq(s.disputes.status, "open")));
  const disputedIds = new Set(disputed.map((d) => d.accountId));
  const collectible = accounts.filter((a) => !disputedIds.has(a.id));
  if (collectible.length === 0) return { stage: c.stage, planned: 0, skipped: "stopped" };

  if (!c.strategyId) {
    const strategy = await strategyForClient(tx, { ruleSet: client.ruleSet, clientId: c.clientId });
    if (!strategy) return { stage: c.stage, planned: 0, skipped: "no_strategy" };
    await tx.update(s.cases).set({ strategyId: strategy.id }).where(eq(s.cases.id, c.id));
    c = { ...c, strategyId: strategy.id };
  }
  const strategyId = c.strategyId!;
  const stages = await tx.select().from(s.strategyStages).where(eq(s.strategyStages.strategyId, strategyId)).orderBy(asc(s.strategyStages.ordinal));

  const zone = planningZone(debtor);
  const today = localDate(now, zone);
  const dueDate = collectible.map((a) => a.dueDate).sort()[0]!;
  const dpd = daysBetween(dueDate, today);

  // Forward only by DPD; events (a broken promise) move a case back through onCaseEvent.
  const target = stageForDpd(stages, dpd);
  const currentStage = c.stage;
  const current = stages.find((st) => st.kind === currentStage);
  if (target && (!current || target.ordinal > current.ordinal)) {
    await enterStageInTx(tx, actor, now, { caseId: c.id, toStage: target.kind, reason: `dpd_${dpd}` });
    [c] = await tx.select().from(s.cases).where(eq(s.cases.id, caseId));
  }
  if (!c) throw new NotFoundError("case", caseId);
  const stage = stages.find((st) => st.kind === c!.stage);
  if (!stage) return { stage: c.stage, planned: 0 };

  const onPlan = await tx
    .select({ id: s.paymentPlans.id })
    .from(s.paymentPlans)
    .where(and(eq(s.paymentPlans.caseId, c.id), inArray(s.paymentPlans.status, ["active", "pending_approval"])));

  const values: Array<typeof s.outreachSteps.$inferInsert> = [];
  // A case on a plan gets the plan's reminders instead of the collection cadence.
  if (onPlan.length === 0) {
    const steps = await tx.select().from(s.strategySteps).where(eq(s.strategySteps.stageId, stage.id)).orderBy(asc(s.strategySteps.ordinal));
    const entered = c.stageEnteredAt ? localDate(c.stageEnteredAt, zone) : today;
    const reference = stageReference(stage.kind, dueDate, entered);
    const emergencyContacts = steps.some((st) => st.partyRole !== "consumer")
      ? await tx
          .select({ personId: s.relatedParties.personId, relationship: s.relatedParties.relationship })
          .from(s.relatedParties)
          .where(and(eq(s.relatedParties.debtorPersonId, c.personId), isNull(s.relatedParties.refusedAt)))
      : [];
    values.push(...cadenceStepRows({ c, strategyId, steps, reference, zone, now, until: planUntil(now), accountIds: collectible.map((a) => a.id), emergencyContacts }));
  }

  let planned = 0;
  if (values.length > 0) {
    const inserted = await tx.insert(s.outreachSteps).values(values).onConflictDoNothing().returning({ id: s.outreachSteps.id });
    planned += inserted.length;
  }
  planned += await planInstallmentRemindersInTx(tx, { caseId: c.id, personId: c.personId, zone, today, accountIds: collectible.map((a) => a.id), templateCode: client.ruleSet === "CN-CBA" ? "cn_installment_reminder" : "us_installment_reminder" });

  if (planned > 0) {
    await writeAudit(tx, actor, { action: "outreach.plan", entityType: "case", entityId: c.id, caseId: c.id, personId: c.personId, details: { stage: stage.kind, planned, dpd } }, now);
  }
  return { stage: stage.kind, planned };
}

/** Plan installments get their own reminder (two days before each installment due in the next 14 days). */
async function planInstallmentRemindersInTx(tx: Tx, input: { caseId: string; personId: string; zone: string; today: string; accountIds: string[]; templateCode: string }): Promise<number> {
  const installments = await tx
    .select({ seq: s.planInstallments.seq, dueDate: s.planInstallments.dueDate, planId: s.paymentPlans.id })
    .from(s.planInstallments)
    .innerJoin(s.paymentPlans, eq(s.planInstallments.planId, s.paymentPlans.id))
    .where(
      and(
        eq(s.paymentPlans.caseId, input.caseId),
        eq(s.paymentPlans.status, "active"),
        eq(s.planInstallments.status, "due"),
        sql`${s.planInstallments.dueDate} between ${input.today}::date and ${addDays(input.today, INSTALLMENT_LOOKAHEAD_DAYS)}::date`,
      ),
    );
  let planned = 0;
  for (const inst of installments) {
    const { occurrence, dueAt } = installmentReminderKey(inst, input.zone);
    const existing = await tx
      .select({ id: s.outreachSteps.id })
      .from(s.outreachSteps)
      .where(and(eq(s.outreachSteps.caseId, input.caseId), eq(s.outreachSteps.kind, "installment_reminder"), eq(s.outreachSteps.occurrence, occurrence)))
      .limit(1);
    if (existing.length > 0) continue;
    await tx.insert(s.outreachSteps).values({
      caseId: input.caseId,
      personId: input.personId,
      partyPersonId: input.personId,
      partyRole: "consumer",
      accountIds: input.accountIds,
      occurrence,
      kind: "installment_reminder",
      channel: "sms",
      templateCode: input.templateCode,
      purpose: "collection",
      dueAt,
    });
    planned++;
  }
  return planned;
}

/** The one zone the planner schedules a debtor's steps in (the gate decides with all of them). */
export function planningZone(debtor: Pick<typeof s.persons.$inferSelect, "id" | "country" | "timeZones" | "region" | "postalCode">): string {
  return resolveZones({
    id: debtor.id,
    country: debtor.country,
    ...(debtor.timeZones.length ? { timeZones: debtor.timeZones } : {}),
    ...(debtor.region || debtor.postalCode ? { locations: [{ type: "address" as const, ...(debtor.region ? { region: debtor.region } : {}), ...(debtor.postalCode ? { postalCode: debtor.postalCode } : {}) }] } : {}),
  })[0]!;
}

type StepRow = typeof s.outreachSteps.$inferInsert;
type StrategyStepRow = typeof s.strategySteps.$inferSelect;

/** The end of the horizon of a plan made at `now`: steps due at or after it are left to a later plan. */
export const planUntil = (now: Date): Date => new Date(now.getTime() + PLAN_HORIZON_MS);

/** The cadence steps of one stage entry for one case that fall due before `until` (pure; the per-case and
 *  the set-wise planner share it): each step's occurrences for each party it names, calls held until the
 *  case's pause ends (a call held past the horizon is planned by a later walk, at the pause's end). */
export function cadenceStepRows(p: {
  c: { id: string; personId: string; pausedUntil: Date | null };
  strategyId: string;
  steps: readonly StrategyStepRow[];
  reference: string;
  zone: string;
  now: Date;
  until: Date;
  accountIds: string[];
  emergencyContacts: ReadonlyArray<{ personId: string; relationship: string }>;
}): StepRow[] {
  const { c } = p;
  const values: StepRow[] = [];
  for (const step of p.steps) {
    const parties =
      step.partyRole === "consumer"
        ? [c.personId]
        : p.emergencyContacts.filter((r) => (step.partyRole === "emergency_contact" ? r.relationship === "emergency_contact" : r.relationship === "reference")).map((r) => r.personId);
    for (const { n, dueAt: at } of cadenceOccurrences(step, p.reference, p.zone, p.now, p.until)) {
      let dueAt = at;
      if ((step.channel === "call" || step.channel === "voicemail") && c.pausedUntil && c.pausedUntil > dueAt) dueAt = c.pausedUntil;
      if (dueAt >= p.until) continue;
      for (const partyPersonId of parties) {
        values.push({
          caseId: c.id,
          personId: c.personId,
          partyPersonId,
          partyRole: step.partyRole,
          accountIds: p.accountIds,
          strategyId: p.strategyId,
          strategyStepId: step.id,
          occurrence: epochDay(p.reference) * 100 + n,
          kind: "cadence",
          channel: step.channel,
          templateCode: step.templateCode,
          purpose: step.purpose,
          autodialed: step.autodialed,
          dueAt,
        });
      }
    }
  }
  return values;
}

/** A plan installment's reminder: two days before, 10:00 local; its plan key (no strategy step, so the
 *  unique index does not apply) is kind + occurrence, checked under the person lock the caller holds. */
export function installmentReminderKey(inst: { dueDate: string; seq: number }, zone: string): { occurrence: number; dueAt: Date } {
  return { occurrence: epochDay(inst.dueDate) * 100 + (inst.seq % 100), dueAt: localInstant(addDays(inst.dueDate, -2), "10:00", zone) };
}
