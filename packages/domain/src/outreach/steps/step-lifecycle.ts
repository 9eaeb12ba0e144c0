import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { schema as s, type DbOrTx, type Tx } from "@casebook/db";
import { DomainError } from "../../errors";
import { lockRows, SKIP_LOCKED_STEPS } from "../../locks/lock-rows";
import { pgArray } from "../../cases/sql-values";

/** The channels a step can be planned on: the ledger's channels but a visit, which no strategy plans. */
export type StepChannel = Exclude<(typeof s.outreachSteps.$inferSelect)["channel"], "visit">;

/**
 * The one owner of an outreach step's lifecycle (issue 9 §2). Nothing else writes
 * `outreach_steps.state` or `outreach_steps.reason` (test/outreach/step-lifecycle.test.ts greps for it):
 * every change goes through a function below, one per transition, each checked against this table.
 *
 *     planned ─┬─▶ claimed ─┬─▶ dispatched ─┬─▶ delivered
 *     deferred ┘            │               └─▶ failed
 *       │  ▲                ├─▶ delivered
 *       │  └── (defer, postpone, stale claim released)
 *       │                   ├─▶ reconcile ──▶ dispatched | delivered | failed
 *       ├─▶ blocked         ├─▶ failed / blocked / deferred
 *       ├─▶ failed          └─▶ claimed (a transient error noted; retried with the same dispatch id)
 *       └─▶ cancelled
 *
 * "Due" is not a stored state: a planned or deferred step whose `due_at` has passed (the sweep leases
 * it by moving `due_at`, which is not a transition). delivered, failed, blocked and cancelled are final.
 */
export const STEP_STATES = ["planned", "deferred", "claimed", "dispatched", "delivered", "failed", "blocked", "cancelled", "reconcile"] as const;
export type StepState = (typeof STEP_STATES)[number];
export type StepReason = NonNullable<typeof s.outreachSteps.$inferSelect.reason>;

export const STEP_TRANSITIONS: Readonly<Record<StepState, readonly StepState[]>> = {
  planned: ["planned", "deferred", "claimed", "blocked", "failed", "cancelled"],
  deferred: ["planned", "deferred", "claimed", "blocked", "failed", "cancelled"],
  claimed: ["claimed", "dispatched", "delivered", "reconcile", "deferred", "blocked", "failed"],
  dispatched: ["delivered", "failed"],
  reconcile: ["dispatched", "delivered", "failed"],
  delivered: [],
  failed: [],
  blocked: [],
  cancelled: [],
};

export const OPEN_STEP_STATES = ["planned", "deferred"] as const satisfies readonly StepState[];

export function canTransition(from: StepState, to: StepState): boolean {
  return STEP_TRANSITIONS[from].includes(to);
}

/** The states a step may enter `to` from (a set-based transition touches only those rows). */
export function sourcesOf(to: StepState): StepState[] {
  return STEP_STATES.filter((from) => canTransition(from, to));
}

export class IllegalStepTransitionError extends DomainError {
  constructor(params: { stepId: string; from: string; to: StepState }) {
    super("conflict", "step_illegal_transition", params);
  }
}

/** Locks one step (its level of the lock order) and returns its state; undefined if it does not exist. */
export async function lockStep(tx: Tx, stepId: string): Promise<StepState | undefined> {
  await lockRows(tx, { steps: [stepId] });
  const [row] = await tx.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
  return row?.state;
}

type StepSet = Parameters<ReturnType<Tx["update"]>["set"]>[0];

async function move(tx: Tx, stepId: string, to: StepState, set: Omit<StepSet, "state" | "updatedAt">, now: Date): Promise<StepState> {
  const from = await lockStep(tx, stepId);
  if (!from || !canTransition(from, to)) throw new IllegalStepTransitionError({ stepId, from: from ?? "missing", to });
  // Any transition ends the sweep's lease: the step's next chance is its (new) due time.
  await tx.update(s.outreachSteps).set({ ...set, state: to, leasedUntil: null, updatedAt: now }).where(eq(s.outreachSteps.id, stepId));
  return from;
}

// ── one function per transition ────────────────────────────────────────────────────────────────

/** The gate allowed it: the claim (a ledger row with this dispatch id) commits with this change. */
export function claimStep(tx: Tx, stepId: string, p: { dispatchId: string; decisionId: string; contactPointId: string | null; now: Date }) {
  return move(tx, stepId, "claimed", { dispatchId: p.dispatchId, claimedAt: p.now, lastDecisionId: p.decisionId, contactPointId: p.contactPointId, reason: null }, p.now);
}

/** Not now: due again at `until` (the engine's notBefore, or a released claim's next chance). From
 *  `claimed`, the claim is released: the dispatch id is dropped, the next gate claims a new one. */
export async function deferStep(tx: Tx, stepId: string, p: { until: Date; reason: "compliance_deferred" | "stale_decision" | "provider_unavailable"; decisionId?: string | null; now: Date }) {
  return move(tx, stepId, "deferred", {
    dueAt: p.until, reason: p.reason, deferrals: sql`${s.outreachSteps.deferrals} + 1`, dispatchId: null, claimedAt: null,
    ...(p.decisionId ? { lastDecisionId: p.decisionId } : {}),
  }, p.now);
}

/** Never (a compliance block): final. */
export function blockStep(tx: Tx, stepId: string, p: { reason: "compliance_blocked" | "stale_decision"; decisionId?: string | null; now: Date }) {
  return move(tx, stepId, "blocked", { reason: p.reason, finishedAt: p.now, ...(p.decisionId ? { lastDecisionId: p.decisionId } : {}) }, p.now);
}

export type FailReason = Extract<StepReason, "case_missing" | "person_missing" | "template_missing" | "template_error" | "no_contact_point" | "provider_rejected" | "recipient_rejected" | "delivery_failed" | "never_reached_provider" | "retries_exhausted">;
/** Final failure with its reason (nothing was delivered). */
export function failStep(tx: Tx, stepId: string, p: { reason: FailReason; now: Date; at?: Date }) {
  return move(tx, stepId, "failed", { reason: p.reason, finishedAt: p.at ?? p.now }, p.now);
}

/** The provider accepted it (a receipt may follow). */
export function markStepSent(tx: Tx, stepId: string, p: { now: Date }) {
  return move(tx, stepId, "dispatched", { dispatchedAt: p.now, reason: null }, p.now);
}

export function markStepDelivered(tx: Tx, stepId: string, p: { now: Date; at?: Date }) {
  return move(tx, stepId, "delivered", { finishedAt: p.at ?? p.now, reason: null }, p.now);
}

/** The send's outcome is not known: never resent blindly; the reconciler asks the provider. */
export function markStepUnknown(tx: Tx, stepId: string, p: { reason: "send_outcome_unknown" | "claim_without_outcome" | "retries_exhausted"; now: Date }) {
  return move(tx, stepId, "reconcile", { reason: p.reason }, p.now);
}

/** Nothing reached the provider (it was down): the claim stands and is retried with its dispatch id. */
export function noteProviderUnavailable(tx: Tx, stepId: string, p: { now: Date }) {
  return move(tx, stepId, "claimed", { reason: "provider_unavailable" }, p.now);
}

// ── the same transitions for a whole dispatch batch (issue 15) ──────────────────────────────────
//
// One statement per transition for every step of a batch: `UPDATE ... FROM unnest(arrays)`, so the
// statement's text never depends on the batch's size (one prepared statement serves every batch).
// Each takes its steps' row locks first through lock-rows.ts (free when the caller holds them).

const sqlStates = (states: readonly StepState[]) => pgArray([...states]);

/** The gate's set transitions are decided under the steps' locks after reading their states: a step
 *  that did not move is a bug, and the whole batch's transaction rolls back. */
function allMoved(rows: ReadonlyArray<{ stepId: string }>, moved: string[], to: StepState): string[] {
  if (moved.length !== rows.length) {
    const missing = rows.find((r) => !moved.includes(r.stepId));
    throw new IllegalStepTransitionError({ stepId: missing?.stepId ?? "unknown", from: "not_open", to });
  }
  return moved;
}

function movedIds(rows: Iterable<{ id: string }>): string[] {
  return [...rows].map((r) => r.id);
}

/** claimStep for many open steps (the gate allowed each; their claims commit with this). */
export async function claimSteps(tx: Tx, rows: ReadonlyArray<{ stepId: string; dispatchId: string; decisionId: string; contactPointId: string | null }>, p: { now: Date }): Promise<string[]> {
  if (rows.length === 0) return [];
  await lockRows(tx, { steps: rows.map((r) => r.stepId) });
  const now = p.now.toISOString();
  const moved = await tx.execute<{ id: string }>(sql`
    update outreach_steps s
       set state = 'claimed', dispatch_id = v.dispatch_id, claimed_at = ${now}::timestamptz, last_decision_id = v.decision_id,
           contact_point_id = v.contact_point_id, reason = null, leased_until = null, updated_at = ${now}::timestamptz
      from unnest(${pgArray(rows.map((r) => r.stepId))}::uuid[], ${pgArray(rows.map((r) => r.dispatchId))}::uuid[],
                  ${pgArray(rows.map((r) => r.decisionId))}::uuid[], ${pgArray(rows.map((r) => r.contactPointId))}::uuid[])
           as v(id, dispatch_id, decision_id, contact_point_id)
     where s.id = v.id and s.state::text = any(${sqlStates(OPEN_STEP_STATES)}::text[])
    returning s.id`);
  return allMoved(rows, movedIds(moved), "claimed");
}

/** deferStep (a compliance defer) for many open steps: each due again at its own `until`. */
export async function deferSteps(tx: Tx, rows: ReadonlyArray<{ stepId: string; until: Date; decisionId: string }>, p: { reason: "compliance_deferred"; now: Date }): Promise<string[]> {
  if (rows.length === 0) return [];
  await lockRows(tx, { steps: rows.map((r) => r.stepId) });
  const now = p.now.toISOString();
  const moved = await tx.execute<{ id: string }>(sql`
    update outreach_steps s
       set state = 'deferred', due_at = v.until, reason = ${p.reason}::outreach_step_reason, deferrals = s.deferrals + 1,
           dispatch_id = null, claimed_at = null, last_decision_id = v.decision_id, leased_until = null, updated_at = ${now}::timestamptz
      from unnest(${pgArray(rows.map((r) => r.stepId))}::uuid[], ${pgArray(rows.map((r) => r.until.toISOString()))}::timestamptz[],
                  ${pgArray(rows.map((r) => r.decisionId))}::uuid[]) as v(id, until, decision_id)
     where s.id = v.id and s.state::text = any(${sqlStates(OPEN_STEP_STATES)}::text[])
    returning s.id`);
  return allMoved(rows, movedIds(moved), "deferred");
}

/** blockStep (a compliance block) for many open steps: final. */
export async function blockSteps(tx: Tx, rows: ReadonlyArray<{ stepId: string; decisionId: string }>, p: { reason: "compliance_blocked"; now: Date }): Promise<string[]> {
  if (rows.length === 0) return [];
  await lockRows(tx, { steps: rows.map((r) => r.stepId) });
  const now = p.now.toISOString();
  const moved = await tx.execute<{ id: string }>(sql`
    update outreach_steps s
       set state = 'blocked', reason = ${p.reason}::outreach_step_reason, finished_at = ${now}::timestamptz, last_decision_id = v.decision_id,
           leased_until = null, updated_at = ${now}::timestamptz
      from unnest(${pgArray(rows.map((r) => r.stepId))}::uuid[], ${pgArray(rows.map((r) => r.decisionId))}::uuid[]) as v(id, decision_id)
     where s.id = v.id and s.state::text = any(${sqlStates(OPEN_STEP_STATES)}::text[])
    returning s.id`);
  return allMoved(rows, movedIds(moved), "blocked");
}

/** failStep for many open steps, each with its own reason (poisoned steps of a batch). */
export async function failSteps(tx: Tx, rows: ReadonlyArray<{ stepId: string; reason: FailReason }>, p: { now: Date }): Promise<string[]> {
  return allMoved(rows, await failRows(tx, rows, OPEN_STEP_STATES, p.now), "failed");
}

/** The one statement behind failSteps and failUnsettledSteps: the rows still in `from` fail. */
async function failRows(tx: Tx, rows: ReadonlyArray<{ stepId: string; reason: FailReason }>, from: readonly StepState[], at: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  await lockRows(tx, { steps: rows.map((r) => r.stepId) });
  const now = at.toISOString();
  const moved = await tx.execute<{ id: string }>(sql`
    update outreach_steps s
       set state = 'failed', reason = v.reason::outreach_step_reason, finished_at = ${now}::timestamptz, leased_until = null, updated_at = ${now}::timestamptz
      from unnest(${pgArray(rows.map((r) => r.stepId))}::uuid[], ${pgArray(rows.map((r) => r.reason))}::text[]) as v(id, reason)
     where s.id = v.id and s.state::text = any(${sqlStates(from)}::text[])
    returning s.id`);
  return movedIds(moved);
}

/** The provider accepted (`dispatched`) or delivered (`delivered`) these claimed steps. A step that
 *  moved on meanwhile (a receipt already delivered it, the reconciler took it) is left as it is, as the
 *  single-step path does; returns the ids moved. */
export async function markStepsSent(tx: Tx, stepIds: readonly string[], p: { to: "dispatched" | "delivered"; now: Date }): Promise<string[]> {
  if (stepIds.length === 0) return [];
  await lockRows(tx, { steps: [...stepIds] });
  const now = p.now.toISOString();
  const from: StepState[] = ["claimed", "reconcile"];
  const rows = p.to === "dispatched"
    ? await tx.execute<{ id: string }>(sql`
        update outreach_steps set state = 'dispatched', dispatched_at = ${now}::timestamptz, reason = null, leased_until = null, updated_at = ${now}::timestamptz
         where id = any(${pgArray(stepIds)}::uuid[]) and state::text = any(${sqlStates(from)}::text[]) returning id`)
    : await tx.execute<{ id: string }>(sql`
        update outreach_steps set state = 'delivered', finished_at = ${now}::timestamptz, reason = null, leased_until = null, updated_at = ${now}::timestamptz
         where id = any(${pgArray(stepIds)}::uuid[]) and state::text = any(${sqlStates(from)}::text[]) returning id`);
  return movedIds(rows);
}

/** failStep for many claims whose fate the reconciler learned (the provider failed them, or never had
 *  them and it is too late to resend), each with its reason: one statement. A step no longer claimed or
 *  in reconcile (a receipt, another reconciler settled it) is left as it is; returns the ids moved. */
export function failUnsettledSteps(tx: Tx, rows: ReadonlyArray<{ stepId: string; reason: FailReason }>, p: { now: Date }): Promise<string[]> {
  return failRows(tx, rows, ["claimed", "reconcile"], p.now);
}

/** noteProviderUnavailable for many claimed steps (a batch's sends refused by a provider that is down):
 *  one statement; a step no longer claimed (a receipt, the reconciler) is left as it is. Returns the ids
 *  noted. */
export async function noteStepsProviderUnavailable(tx: Tx, stepIds: readonly string[], p: { now: Date }): Promise<string[]> {
  if (stepIds.length === 0) return [];
  await lockRows(tx, { steps: [...stepIds] });
  const now = p.now.toISOString();
  const rows = await tx.execute<{ id: string }>(sql`
    update outreach_steps set reason = 'provider_unavailable', leased_until = null, updated_at = ${now}::timestamptz
     where id = any(${pgArray(stepIds)}::uuid[]) and state = 'claimed' returning id`);
  return movedIds(rows);
}

/**
 * A step is due once its `due_at` has come by the dispatching process's clock, give or take this: a
 * step the console plans "now" and a worker on another host picks up at once must not wait a sweep for
 * milliseconds of skew. Whole minutes early (a worker whose clock is behind) are refused.
 */
export const DUE_TOLERANCE_MS = 5_000;

export function isDue(dueAt: Date, now: Date): boolean {
  return dueAt.getTime() <= now.getTime() + DUE_TOLERANCE_MS;
}

/** The states of many steps, read after their locks (the batch's re-check that each is still due). */
export async function lockedStepStates(tx: Tx, stepIds: readonly string[]): Promise<Map<string, { state: StepState; deferrals: number; dueAt: Date }>> {
  if (stepIds.length === 0) return new Map();
  await lockRows(tx, { steps: [...stepIds] });
  const rows = await tx.execute<{ id: string; state: StepState; deferrals: number; due_at: string | Date }>(sql`select id, state, deferrals, due_at from outreach_steps where id = any(${pgArray(stepIds)}::uuid[])`);
  return new Map([...rows].map((r) => [r.id, { state: r.state, deferrals: Number(r.deferrals), dueAt: new Date(r.due_at) }]));
}

// ── set-based transitions (case events, planning, the sweep) ────────────────────────────────────

export type CancelReason = Extract<StepReason, "paid_in_full" | "account_recalled" | "dispute_opened" | "hold_placed" | "plan_created" | "stage_changed" | "strategy_changed" | "opted_out" | "contact_point_invalid">;

/** Stops every open step matching `where`; returns their ids. Claimed steps are not touched: their
 *  contact was already decided and is on its way (or in reconciliation). */
export async function cancelSteps(db: DbOrTx, where: SQL | undefined, p: { reason: CancelReason; now: Date }): Promise<string[]> {
  const rows = await db
    .update(s.outreachSteps)
    .set({ state: "cancelled", reason: p.reason, finishedAt: p.now, leasedUntil: null, updatedAt: p.now })
    .where(and(where, inArray(s.outreachSteps.state, sourcesOf("cancelled"))))
    .returning({ id: s.outreachSteps.id });
  return rows.map((r) => r.id);
}

/** cancelSteps for a set of cases (the set-wise planner): the cases' open steps matching `where`, one
 *  statement; returns each cancelled step's case, so the caller can count per case. */
export async function cancelStepsOfCases(db: DbOrTx, caseIds: readonly string[], where: SQL | undefined, p: { reason: CancelReason; now: Date }): Promise<Array<{ caseId: string }>> {
  if (caseIds.length === 0) return [];
  return db
    .update(s.outreachSteps)
    .set({ state: "cancelled", reason: p.reason, finishedAt: p.now, leasedUntil: null, updatedAt: p.now })
    .where(and(sql`${s.outreachSteps.caseId} = any(${pgArray(caseIds)}::uuid[])`, where, inArray(s.outreachSteps.state, sourcesOf("cancelled"))))
    .returning({ caseId: s.outreachSteps.caseId });
}

/** Moves open steps matching `where` to `until` (a promise pauses calls); a re-dated step gets a new
 *  version (deferrals + 1), so the sweep enqueues it as a new job. */
export async function postponeSteps(db: DbOrTx, where: SQL | undefined, p: { until: Date; now: Date }): Promise<string[]> {
  const rows = await db
    .update(s.outreachSteps)
    .set({ state: "planned", dueAt: p.until, reason: "paused_by_promise", deferrals: sql`${s.outreachSteps.deferrals} + 1`, leasedUntil: null, updatedAt: p.now })
    .where(and(where, inArray(s.outreachSteps.state, sourcesOf("planned"))))
    .returning({ id: s.outreachSteps.id });
  return rows.map((r) => r.id);
}

/**
 * The sweep's lease (not a transition: the state stays planned/deferred, `due_at` stays true): up to
 * `size` due, unleased steps get `leased_until`, so the next sweeps skip them while their job waits; if
 * the job is lost the lease runs out (or releaseLeases ends it) and the step is swept again under the
 * same job id. SKIP LOCKED: never waits on a step a gate or an event holds.
 */
export async function leaseDueSteps(
  db: DbOrTx,
  p: { now: Date; leaseUntil: Date; size: number; dueBy?: Date },
): Promise<Array<{ id: string; channel: StepChannel; deferrals: number; dueAt: Date }>> {
  const now = p.now.toISOString();
  // `dueBy` (the sweep's look-ahead): steps falling due before it are selected too, their jobs waiting
  // in Redis until then. A lease is still one only until `now`: a step leased earlier is never taken.
  const dueBy = (p.dueBy ?? p.now).toISOString();
  const rows = await db.execute<{ id: string; channel: StepChannel; deferrals: number; due_at: string | Date }>(sql`
    update outreach_steps s
       set leased_until = ${p.leaseUntil.toISOString()}::timestamptz, updated_at = ${now}::timestamptz
     where s.id in (
           select id from outreach_steps
            where state in ('planned', 'deferred') and due_at <= ${dueBy}::timestamptz
              and (leased_until is null or leased_until <= ${now}::timestamptz)
            order by due_at
            limit ${p.size}
            ${SKIP_LOCKED_STEPS})
    returning s.id, s.channel, s.deferrals, s.due_at`);
  return [...rows].map((r) => ({ id: r.id, channel: r.channel, deferrals: Number(r.deferrals), dueAt: new Date(r.due_at) }));
}

/** Renews the lease of steps a sweep still holds: only rows whose lease is still exactly the one it
 *  gave them (a step deferred or claimed since has none). */
export async function renewStepLease(db: DbOrTx, stepIds: string[], p: { now: Date; currentLease: Date; leaseUntil: Date }): Promise<number> {
  if (stepIds.length === 0) return 0;
  const rows = await db
    .update(s.outreachSteps)
    .set({ leasedUntil: p.leaseUntil, updatedAt: p.now })
    .where(and(inArray(s.outreachSteps.id, stepIds), inArray(s.outreachSteps.state, [...OPEN_STEP_STATES]), eq(s.outreachSteps.leasedUntil, p.currentLease)))
    .returning({ id: s.outreachSteps.id });
  return rows.length;
}

/** Redis lost its data (a restart without persistence, a failover, FLUSHALL): every job that held a
 *  lease is gone, so every lease ends now and the next sweep selects those steps again. */
export async function releaseLeases(db: DbOrTx, p: { now: Date }): Promise<number> {
  const rows = await db
    .update(s.outreachSteps)
    .set({ leasedUntil: null, updatedAt: p.now })
    .where(and(inArray(s.outreachSteps.state, [...OPEN_STEP_STATES]), sql`${s.outreachSteps.leasedUntil} is not null`))
    .returning({ id: s.outreachSteps.id });
  return rows.length;
}
