import { and, asc, desc, eq, inArray, isNull, notInArray, sql, type Column, type SQL } from "drizzle-orm";
import { schema as s, type Tx } from "@casebook/db";
import { stageForDpd } from "@casebook/db/schema";
import { writeAudits, type AuditEntry } from "../../audit";
import type { DomainContext } from "../../context";
import { isClosedAccountStatus } from "../../cases/account-status";
import { pgArray } from "../../cases/sql-values";
import { lockRows } from "../../locks/lock-rows";
import { cancelStepsOfCases } from "../steps/step-lifecycle";
import { groupBy } from "../gate/gate-facts";
import { addDays, daysBetween, localDate } from "./local-time";
import { stageReference } from "./cadence";
import { cadenceStepRows, INSTALLMENT_LOOKAHEAD_DAYS, installmentReminderKey, planningZone, planUntil } from "./plan-outreach";

export interface PlanCasesResult {
  /** Cases read (open or not). */
  cases: number;
  /** Steps inserted (cadence and installment reminders). */
  planned: number;
  /** Cases moved forward to a later stage by their days past due. */
  moved: number;
}

type StepRow = typeof s.outreachSteps.$inferInsert;
// Only the columns the planner decides with (a million-case walk maps every column it reads).
const caseColumns = {
  id: s.cases.id, personId: s.cases.personId, clientId: s.cases.clientId, strategyId: s.cases.strategyId,
  stage: s.cases.stage, stageEnteredAt: s.cases.stageEnteredAt, pausedUntil: s.cases.pausedUntil,
};
const zoneColumns = { id: s.persons.id, country: s.persons.country, timeZones: s.persons.timeZones, region: s.persons.region, postalCode: s.persons.postalCode };
type CaseRow = { [K in keyof typeof caseColumns]: (typeof s.cases.$inferSelect)[K] };
type StageRow = typeof s.strategyStages.$inferSelect;
type StrategyStepRow = typeof s.strategySteps.$inferSelect;

/**
 * The planner for many cases at once (issue 15: 1,000,000 cases in minutes, not hours; each case's steps
 * up to the planner's horizon, PLAN_HORIZON_MS, so a walk writes one or two rows a case): the same
 * decisions as planOutreachInTx case by case (the pure parts are shared: stageForDpd, planningZone,
 * cadenceStepRows, installmentReminderKey), but ONE transaction for the whole set, the persons and
 * cases locked in the one order, every fact read in a fixed handful of statements, and every write one
 * statement per kind (cancellations per target stage, the stage moves, the steps, the audit events).
 * Idempotent like the per-case planner: cadence steps go in with ON CONFLICT DO NOTHING on their plan
 * key, installment reminders are checked against the ones already there under the person locks.
 * A test plans a mixed book both ways and compares the rows (test/outreach/plan-cases-set.test.ts).
 */
export async function planCasesSet(ctx: DomainContext, caseIds: readonly string[]): Promise<PlanCasesResult> {
  if (caseIds.length === 0) return { cases: 0, planned: 0, moved: 0 };
  return ctx.db.transaction((tx) => planCasesSetInTx(tx, ctx, caseIds));
}

const anyId = (column: SQL | Column, ids: readonly string[]) => sql`${column} = any(${pgArray(ids)}::uuid[])`;

export async function planCasesSetInTx(tx: Tx, ctx: Pick<DomainContext, "actor" | "now">, caseIds: readonly string[]): Promise<PlanCasesResult> {
  const { actor, now } = ctx;
  const owners = await tx.select({ id: s.cases.id, personId: s.cases.personId }).from(s.cases).where(anyId(s.cases.id, caseIds));
  await lockRows(tx, { persons: owners.map((o) => o.personId), cases: owners.map((o) => o.id) });

  const open: CaseRow[] = await tx.select(caseColumns).from(s.cases).where(and(anyId(s.cases.id, caseIds), eq(s.cases.status, "open")));
  if (open.length === 0) return { cases: owners.length, planned: 0, moved: 0 };
  const ids = open.map((c) => c.id);
  const personIds = [...new Set(open.map((c) => c.personId))];

  // The facts, one statement each.
  const [clients, debtors, holds, accounts, strategies, plans, parties] = await Promise.all([
    tx.select({ id: s.clients.id, ruleSet: s.clients.ruleSet }).from(s.clients),
    tx.select(zoneColumns).from(s.persons).where(anyId(s.persons.id, personIds)),
    tx.select({ personId: s.holds.personId, caseId: s.holds.caseId }).from(s.holds).where(and(anyId(s.holds.personId, personIds), isNull(s.holds.releasedAt))),
    tx.select({ id: s.accounts.id, caseId: s.accounts.caseId, status: s.accounts.status, dueDate: s.accounts.dueDate }).from(s.accounts).where(anyId(s.accounts.caseId, ids)),
    tx.select().from(s.strategies).where(and(eq(s.strategies.active, true), eq(s.strategies.status, "published"))).orderBy(sql`${s.strategies.clientId} is null`, desc(s.strategies.version)),
    tx.select({ caseId: s.paymentPlans.caseId }).from(s.paymentPlans).where(and(anyId(s.paymentPlans.caseId, ids), inArray(s.paymentPlans.status, ["active", "pending_approval"]))),
    tx.select({ debtorPersonId: s.relatedParties.debtorPersonId, personId: s.relatedParties.personId, relationship: s.relatedParties.relationship })
      .from(s.relatedParties).where(and(anyId(s.relatedParties.debtorPersonId, personIds), isNull(s.relatedParties.refusedAt))),
  ]);
  const openAccountIds = accounts.filter((a) => !isClosedAccountStatus(a.status)).map((a) => a.id);
  const disputed = new Set(
    (await tx.select({ accountId: s.disputes.accountId }).from(s.disputes).where(and(anyId(s.disputes.accountId, openAccountIds), eq(s.disputes.status, "open")))).map((d) => d.accountId),
  );
  const ruleSetOf = new Map(clients.map((c) => [c.id, c.ruleSet]));
  const debtorOf = new Map(debtors.map((d) => [d.id, d]));
  const accountsOf = groupBy(accounts, (a) => a.caseId);
  const onPlan = new Set(plans.map((p) => p.caseId));
  const partiesOf = groupBy(parties, (r) => r.debtorPersonId);
  const holdsOf = groupBy(holds, (h) => h.personId);

  // Strategy versions' stages and steps: a handful of rows, read for every version any case may use.
  const stages = await tx.select().from(s.strategyStages).orderBy(asc(s.strategyStages.ordinal));
  const stagesOf = groupBy(stages, (st) => st.strategyId);
  const steps = await tx.select().from(s.strategySteps).orderBy(asc(s.strategySteps.ordinal));
  const stepsOf = groupBy(steps, (st) => st.stageId);

  // Which cases are planned, and how (planOutreachInTx's early returns, in its order).
  interface Planning { c: CaseRow; strategyId: string; stages: StageRow[]; zone: string; today: string; dueDate: string; dpd: number; accountIds: string[]; target?: StageRow }
  const planning: Planning[] = [];
  const assign: Array<{ id: string; strategyId: string }> = [];
  for (const c of open) {
    if ((holdsOf.get(c.personId) ?? []).some((h) => h.caseId === null || h.caseId === c.id)) continue;
    const own = (accountsOf.get(c.id) ?? []).filter((a) => !isClosedAccountStatus(a.status));
    if (own.length === 0) continue;
    const collectible = own.filter((a) => !disputed.has(a.id));
    if (collectible.length === 0) continue;
    let strategyId = c.strategyId;
    if (!strategyId) {
      const ruleSet = ruleSetOf.get(c.clientId);
      strategyId = strategies.find((st) => st.ruleSet === ruleSet && (st.clientId === c.clientId || st.clientId === null))?.id ?? null;
      if (!strategyId) continue;
      assign.push({ id: c.id, strategyId });
    }
    const zone = planningZone(debtorOf.get(c.personId)!);
    const today = localDate(now, zone);
    const dueDate = collectible.map((a) => a.dueDate).sort()[0]!;
    const dpd = daysBetween(dueDate, today);
    const own_stages = stagesOf.get(strategyId) ?? [];
    const target = stageForDpd(own_stages, dpd);
    const current = own_stages.find((st) => st.kind === c.stage);
    planning.push({
      c, strategyId, stages: own_stages, zone, today, dueDate, dpd, accountIds: collectible.map((a) => a.id),
      ...(target && (!current || target.ordinal > current.ordinal) ? { target } : {}),
    });
  }
  if (assign.length > 0) {
    await tx.execute(sql`update cases c set strategy_id = v.strategy_id
      from unnest(${pgArray(assign.map((a) => a.id))}::uuid[], ${pgArray(assign.map((a) => a.strategyId))}::uuid[]) as v(id, strategy_id) where c.id = v.id`);
  }

  // Stage moves (enterStageInTx for each case, as sets): per strategy and target stage, the cadence steps
  // of the other stages are cancelled; into legal, automated calls too; then the cases move, audited.
  const moving = planning.filter((p) => p.target);
  const cancelledOf = new Map<string, number>();
  for (const group of groupBy(moving, (p) => `${p.strategyId}:${p.target!.kind}`).values()) {
    const target = group[0]!.target!;
    const stageStepIds = (stepsOf.get(target.id) ?? []).map((st) => st.id);
    const caseIdsHere = group.map((p) => p.c.id);
    const count = (rows: Array<{ caseId: string }>) => rows.forEach((r) => cancelledOf.set(r.caseId, (cancelledOf.get(r.caseId) ?? 0) + 1));
    count(await cancelStepsOfCases(tx, caseIdsHere, and(eq(s.outreachSteps.kind, "cadence"), stageStepIds.length > 0 ? notInArray(s.outreachSteps.strategyStepId, stageStepIds) : sql`true`), { reason: "stage_changed", now }));
    if (target.kind === "legal") {
      count(await cancelStepsOfCases(tx, caseIdsHere, and(eq(s.outreachSteps.autodialed, true), inArray(s.outreachSteps.channel, ["call", "voicemail"])), { reason: "stage_changed", now }));
    }
  }
  if (moving.length > 0) {
    await tx.execute(sql`update cases c set stage = v.stage::stage_kind, stage_entered_at = ${now.toISOString()}::timestamptz,
        queue = case when v.stage = 'legal' then 'legal'::case_queue else c.queue end
      from unnest(${pgArray(moving.map((p) => p.c.id))}::uuid[], ${pgArray(moving.map((p) => p.target!.kind))}::text[]) as v(id, stage) where c.id = v.id`);
    await writeAudits(tx, actor, moving.map((p): AuditEntry => ({
      action: "case.stage", entityType: "case", entityId: p.c.id, personId: p.c.personId, caseId: p.c.id,
      details: { from: p.c.stage, to: p.target!.kind, reason: `dpd_${p.dpd}`, cancelledSteps: cancelledOf.get(p.c.id) ?? 0 },
    })), now);
  }

  // The steps of each case's (possibly new) stage.
  const values: StepRow[] = [];
  const planned = new Map<string, { stage: string; dpd: number; personId: string; n: number }>();
  const remindable: Planning[] = [];
  const until = planUntil(now);
  for (const p of planning) {
    const stageKind = p.target?.kind ?? p.c.stage;
    const stage = p.stages.find((st) => st.kind === stageKind);
    if (!stage) continue;
    planned.set(p.c.id, { stage: stage.kind, dpd: p.dpd, personId: p.c.personId, n: 0 });
    remindable.push(p);
    if (onPlan.has(p.c.id)) continue;
    const stageSteps: StrategyStepRow[] = stepsOf.get(stage.id) ?? [];
    const enteredAt = p.target ? now : p.c.stageEnteredAt;
    const entered = enteredAt ? localDate(enteredAt, p.zone) : p.today;
    const reference = stageReference(stage.kind, p.dueDate, entered);
    const emergencyContacts = stageSteps.some((st) => st.partyRole !== "consumer") ? (partiesOf.get(p.c.personId) ?? []) : [];
    values.push(...cadenceStepRows({ c: p.c, strategyId: p.strategyId, steps: stageSteps, reference, zone: p.zone, now, until, accountIds: p.accountIds, emergencyContacts }));
  }
  for (const caseId of await insertSteps(tx, values)) planned.get(caseId)!.n++;

  // Plan installment reminders: installments due in each case's next 14 local days, not yet reminded.
  if (remindable.length > 0) {
    const byCase = new Map(remindable.map((p) => [p.c.id, p]));
    const days = remindable.map((p) => p.today).sort();
    const installments = await tx
      .select({ caseId: s.paymentPlans.caseId, seq: s.planInstallments.seq, dueDate: s.planInstallments.dueDate })
      .from(s.planInstallments)
      .innerJoin(s.paymentPlans, eq(s.planInstallments.planId, s.paymentPlans.id))
      .where(and(anyId(s.paymentPlans.caseId, [...byCase.keys()]), eq(s.paymentPlans.status, "active"), eq(s.planInstallments.status, "due"),
        sql`${s.planInstallments.dueDate} between ${days[0]!}::date and ${addDays(days[days.length - 1]!, INSTALLMENT_LOOKAHEAD_DAYS)}::date`));
    if (installments.length > 0) {
      const existing = new Set((await tx.select({ caseId: s.outreachSteps.caseId, occurrence: s.outreachSteps.occurrence }).from(s.outreachSteps)
        .where(and(anyId(s.outreachSteps.caseId, [...new Set(installments.map((i) => i.caseId))]), eq(s.outreachSteps.kind, "installment_reminder"))))
        .map((r) => `${r.caseId}:${r.occurrence}`));
      const reminders: StepRow[] = [];
      for (const inst of installments) {
        const p = byCase.get(inst.caseId)!;
        if (inst.dueDate < p.today || inst.dueDate > addDays(p.today, INSTALLMENT_LOOKAHEAD_DAYS)) continue;
        const { occurrence, dueAt } = installmentReminderKey(inst, p.zone);
        const key = `${inst.caseId}:${occurrence}`;
        if (existing.has(key)) continue;
        existing.add(key);
        reminders.push({
          caseId: p.c.id, personId: p.c.personId, partyPersonId: p.c.personId, partyRole: "consumer", accountIds: p.accountIds, occurrence,
          kind: "installment_reminder", channel: "sms", templateCode: ruleSetOf.get(p.c.clientId) === "CN-CBA" ? "cn_installment_reminder" : "us_installment_reminder",
          purpose: "collection", dueAt,
        });
      }
      for (const caseId of await insertSteps(tx, reminders)) planned.get(caseId)!.n++;
    }
  }

  const audits: AuditEntry[] = [];
  let total = 0;
  for (const [caseId, p] of planned) {
    if (p.n === 0) continue;
    total += p.n;
    audits.push({ action: "outreach.plan", entityType: "case", entityId: caseId, caseId, personId: p.personId, details: { stage: p.stage, planned: p.n, dpd: p.dpd } });
  }
  await writeAudits(tx, actor, audits, now);
  return { cases: owners.length, planned: total, moved: moving.length };
}

const INSERT_CHUNK = 20_000;

/** Inserts step rows set-wise (one array parameter per column, so one statement shape for any size),
 *  skipping plan keys that exist; returns the case id of each row inserted. */
async function insertSteps(tx: Tx, rows: readonly StepRow[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const part = rows.slice(i, i + INSERT_CHUNK);
    const col = (f: (r: StepRow) => string | null) => pgArray(part.map(f));
    const inserted = await tx.execute<{ case_id: string }>(sql`
      insert into outreach_steps (case_id, person_id, party_person_id, party_role, account_ids, strategy_id, strategy_step_id, occurrence, kind,
        channel, template_code, purpose, autodialed, due_at)
      select v.case_id, v.person_id, v.party_person_id, v.party_role::party_role, v.account_ids::uuid[], v.strategy_id, v.strategy_step_id, v.occurrence,
        v.kind, v.channel::channel, v.template_code, v.purpose::contact_purpose, v.autodialed, v.due_at
      from unnest(${col((r) => r.caseId)}::uuid[], ${col((r) => r.personId)}::uuid[], ${col((r) => r.partyPersonId)}::uuid[], ${col((r) => r.partyRole ?? "consumer")}::text[],
        ${col((r) => `{${r.accountIds.join(",")}}`)}::text[], ${col((r) => r.strategyId ?? null)}::uuid[], ${col((r) => r.strategyStepId ?? null)}::uuid[],
        ${col((r) => String(r.occurrence ?? 1))}::int[], ${col((r) => r.kind ?? "cadence")}::text[], ${col((r) => r.channel)}::text[], ${col((r) => r.templateCode)}::text[],
        ${col((r) => r.purpose)}::text[], ${col((r) => String(r.autodialed ?? false))}::boolean[], ${col((r) => r.dueAt.toISOString())}::timestamptz[])
        as v(case_id, person_id, party_person_id, party_role, account_ids, strategy_id, strategy_step_id, occurrence, kind, channel, template_code, purpose, autodialed, due_at)
      on conflict do nothing
      returning case_id`);
    for (const r of inserted) out.push(r.case_id);
  }
  return out;
}

/** Open cases after `after` (keyset on id), `limit` of them: the planner's walk, a page at a time. */
export async function openCasePage(db: Pick<Tx, "select">, after: string | null, limit: number): Promise<string[]> {
  const rows = await db.select({ id: s.cases.id }).from(s.cases)
    .where(and(eq(s.cases.status, "open"), after ? sql`${s.cases.id} > ${after}::uuid` : undefined))
    .orderBy(asc(s.cases.id)).limit(limit);
  return rows.map((r) => r.id);
}
