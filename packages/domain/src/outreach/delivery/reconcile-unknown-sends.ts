import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import pLimit from "p-limit";
import { z } from "zod";
import { insertRows, schema as s } from "@casebook/db";
import { writeAudits, type AuditEntry } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { pgArray, uuidArray } from "../../cases/sql-values";
import { classifySendError, portChannelFor, type OutreachChannels, type PortChannel, type PortLookupResult, type PortMessage } from "./channels-port";
import { claimedMessage, RESEND_WINDOW_MS } from "./dispatch-step";
import { readResendClaims } from "./resend-claims";
import { recheckClaim } from "../gate/recheck-claim";
import { failUnsettledSteps, lockedStepStates, markStepsSent, type FailReason, type StepChannel } from "../steps/step-lifecycle";

const PORT_CHANNELS: PortChannel[] = ["sms", "call", "email", "letter"];
const LEDGER_CHANNELS: Record<PortChannel, StepChannel[]> = { sms: ["sms"], call: ["call", "voicemail"], email: ["email"], letter: ["letter"] };

/** Provider requests (lookups, then resends) in flight at once for one pass, on the adapter's
 *  keep-alive connections: as a dispatch batch's sends (SEND_CONCURRENCY), so a pass of 500 asks in
 *  about 32 round trips' time, never a burst that queues behind itself until the provider's timeout. */
export const RECONCILE_CONCURRENCY = 16;

export const ReconcileUnknownSends = z.object({
  limit: z.number().int().positive().max(10_000).default(500),
  /** A claim this old without an outcome is treated as unknown (its worker died and its job is gone). */
  staleClaimSeconds: z.number().int().positive().default(300),
});
export type ReconcileUnknownSends = z.input<typeof ReconcileUnknownSends>;

export interface ReconcileResult {
  /** The steps this pass picked up (at most the limit): a full pass says more may be waiting. */
  taken: number;
  sent: number;
  failed: number;
  resent: number;
  /** Channels that cannot be asked (SMTP): left in `reconcile` for a person to decide. */
  needsReview: number;
}

type Step = typeof s.outreachSteps.$inferSelect;
type Answer = { outcome: "sent" | "delivered" | "failed"; providerMessageId?: string; how: "lookup" | "resend" | "expired" };

/**
 * Resolves claims whose send outcome is unknown, never by a blind resend: the provider is asked by
 * dispatch id (its idempotency key). Found: the ledger gets the provider's answer. Not found and still
 * within the resend window, with its decision still holding: sent now with the same dispatch id (the
 * provider dedupes it if the first request surfaces after all). Not found otherwise: failed (nothing
 * reached the provider, and the decision it was made under is stale).
 *
 * As a set (issue 15: a provider timeout leaves thousands of these at once): the due steps in one
 * statement, their attempts in one, the provider asked RECONCILE_CONCURRENCY at a time, the resends'
 * messages and re-checks read as a dispatch batch's (resend-claims.ts), and every answer written back in
 * one transaction of a fixed handful of statements (outcomes, audits, one per step transition). A pass's
 * statements do not grow with its steps (apps/worker/test/batch-queries.test.ts).
 */
export async function reconcileUnknownSends(ctx: DomainContext, rawInput: ReconcileUnknownSends, channels: OutreachChannels): Promise<ReconcileResult> {
  const input = parseInput(ReconcileUnknownSends, rawInput);
  const staleBefore = new Date(ctx.now.getTime() - input.staleClaimSeconds * 1000);
  const askable = PORT_CHANNELS.filter((c) => channels[c].lookup);
  const steps = await readDueReconcileSteps(ctx, askable.flatMap((c) => LEDGER_CHANNELS[c]), staleBefore, input.limit);
  // Channels that cannot be asked are counted, never picked up: a person decides them.
  const unaskable = PORT_CHANNELS.filter((c) => !channels[c].lookup).flatMap((c) => LEDGER_CHANNELS[c]);
  const [review] = unaskable.length
    ? await ctx.db.select({ n: sql<number>`count(*)::int` }).from(s.outreachSteps).where(and(inArray(s.outreachSteps.channel, unaskable), eq(s.outreachSteps.state, "reconcile")))
    : [{ n: 0 }];
  const result: ReconcileResult = { taken: steps.length, sent: 0, failed: 0, resent: 0, needsReview: review?.n ?? 0 };
  const withId = steps.filter((st) => st.dispatchId !== null);
  if (withId.length === 0) return result;

  const attempts = await ctx.db
    .select({ id: s.contactAttempts.id, dispatchId: s.contactAttempts.dispatchId, caseId: s.contactAttempts.caseId, personId: s.contactAttempts.personId })
    .from(s.contactAttempts)
    .where(sql`${s.contactAttempts.dispatchId} = any(${uuidArray(withId.map((st) => st.dispatchId!))}::uuid[])`);
  const attemptOf = new Map(attempts.map((a) => [a.dispatchId, a]));

  // Ask, oldest first, a bounded number at once. An unreachable provider leaves the step for the next pass.
  const limit = pLimit(RECONCILE_CONCURRENCY);
  const found = await Promise.all(withId.map((step) => limit(async () => ({
    step,
    found: await channels[portChannelFor(step.channel)].lookup!(step.dispatchId!).catch((): PortLookupResult | undefined => undefined),
  }))));
  const answers = new Map<string, Answer>();
  const missing: Step[] = [];
  for (const x of found) {
    if (!x.found || !attemptOf.has(x.step.dispatchId!)) continue;
    if (x.found.found) answers.set(x.step.id, { outcome: x.found.status === "accepted" ? "sent" : x.found.status, providerMessageId: x.found.providerMessageId, how: "lookup" });
    else if (x.step.claimedAt && ctx.now.getTime() - x.step.claimedAt.getTime() < RESEND_WINDOW_MS) missing.push(x.step);
    else answers.set(x.step.id, { outcome: "failed", how: "expired" });
  }

  // Not found, still in time: resent with the same dispatch id if the decision still holds, else failed.
  const resends = await resendsOf(ctx, missing);
  for (const id of resends.refused) answers.set(id, { outcome: "failed", how: "expired" });
  await Promise.all(resends.claims.map((claim) => limit(async () => {
    try {
      const sent = await channels[portChannelFor(claim.step.channel)].send(claim.message, { idempotencyKey: claim.step.dispatchId! });
      answers.set(claim.step.id, { outcome: sent.status === "delivered" ? "delivered" : "sent", providerMessageId: sent.providerMessageId, how: "resend" });
    } catch (err) {
      // A permanent refusal is an answer; anything else leaves the step for the next pass.
      if (classifySendError(err).kind === "permanent") answers.set(claim.step.id, { outcome: "failed", how: "resend" });
    }
  })));

  const settled = await writeAnswers(ctx, withId.filter((st) => answers.has(st.id)).map((step) => ({ step, attemptId: attemptOf.get(step.dispatchId!)!.id, answer: answers.get(step.id)! })));
  for (const { answer } of settled) {
    if (answer.how === "resend") result.resent++;
    if (answer.outcome === "failed") result.failed++;
    else result.sent++;
  }
  return result;
}

/**
 * The steps a pass takes, in one statement: those in `reconcile` and the claims older than
 * `staleBefore`, of the askable channels. Every channel gets its turn, oldest first (issue 9 §4): each
 * step is numbered within its adapter's channel by claim time, and the pass takes turn 1 of every
 * channel, then turn 2, and so on, up to the limit; so a pile of unknowns in one channel never starves
 * another, and a share a quiet channel leaves unused goes to the others' next oldest. Returned oldest
 * first.
 */
async function readDueReconcileSteps(ctx: DomainContext, channels: StepChannel[], staleBefore: Date, limit: number): Promise<Step[]> {
  if (channels.length === 0) return [];
  const rows = await ctx.db.select().from(s.outreachSteps).where(sql`${s.outreachSteps.id} in (${dueReconcileStepIds(channels, staleBefore, limit)})`);
  return rows.sort((a, b) => (a.claimedAt?.getTime() ?? 0) - (b.claimedAt?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The ids of the steps a pass takes (above). Its `where` is served by the partial index
 *  outreach_steps_unsettled_idx (claims in flight only), not a scan of every step ever planned;
 *  exported for the test that reads its plan. */
export function dueReconcileStepIds(channels: StepChannel[], staleBefore: Date, limit: number): SQL {
  return sql`
    select id from (
      select id, claimed_at, row_number() over (partition by (case when channel = 'voicemail' then 'call' else channel::text end) order by claimed_at, id) as turn
        from outreach_steps
       where channel::text = any(${pgArray(channels)}::text[])
         and (state = 'reconcile' or (state = 'claimed' and claimed_at < ${staleBefore.toISOString()}::timestamptz))
    ) ranked
    where turn <= ${limit}
    order by turn, claimed_at, id
    limit ${limit}`;
}

/** The messages to resend and the claims whose decision no longer holds (or whose message cannot be
 *  rebuilt: nothing reached the provider, so they fail as never reached). SMS and calls as a dispatch
 *  batch reads them; a letter alone, as it always was (it prints the letterhead of its decision's time). */
async function resendsOf(ctx: DomainContext, steps: Step[]): Promise<{ claims: Array<{ step: Step; message: PortMessage }>; refused: string[] }> {
  const letters = steps.filter((st) => st.channel === "letter");
  const batch = await readResendClaims(ctx, steps.filter((st) => st.channel !== "letter"));
  const claims: Array<{ step: Step; message: PortMessage }> = batch.claims.map((c) => ({ step: c.step, message: c.message }));
  const refused = [...batch.alone];
  for (const step of letters) {
    const { attempt, message } = await claimedMessage(ctx.db, step);
    if (await recheckClaim(ctx.db, attempt, ctx.now)) refused.push(step.id);
    else claims.push({ step, message });
  }
  return { claims, refused };
}

/**
 * The answers, in one transaction: the steps locked and read (one still claimed or in reconcile is
 * settled; one that moved on meanwhile, by a receipt or another pass, is left as it is, with no fact
 * written), one ledger fact each (source `reconciler`), their audit events, and the steps moved, one
 * statement per transition. A failure the provider reported, or a permanent refusal of the resend, is
 * `delivery_failed`; a claim the provider never had and may no longer be sent, `never_reached_provider`.
 */
async function writeAnswers(ctx: DomainContext, items: Array<{ step: Step; attemptId: string; answer: Answer }>): Promise<typeof items> {
  if (items.length === 0) return [];
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const states = await lockedStepStates(tx, items.map((x) => x.step.id));
    const open = items.filter((x) => { const st = states.get(x.step.id)?.state; return st === "reconcile" || st === "claimed"; });
    await insertRows(tx, s.contactOutcomes, open.map((x) => ({
      attemptId: x.attemptId,
      outcome: x.answer.outcome,
      source: "reconciler" as const,
      recordedBy: ctx.actor.kind === "user" ? ctx.actor.userId : null,
      providerMessageId: x.answer.providerMessageId ?? null,
      details: { providerStatus: x.answer.how, ...(x.answer.how === "expired" ? { error: "never_reached_provider" } : {}) },
      at: now,
    })));
    await writeAudits(tx, ctx.actor, open.flatMap((x): AuditEntry[] => [
      { action: "contact.outcome", entityType: "contact_attempt", entityId: x.attemptId, personId: x.step.personId, caseId: x.step.caseId, details: { outcome: x.answer.outcome, source: "reconciler" } },
      { action: `outreach.reconcile_${x.answer.how}`, entityType: "outreach_step", entityId: x.step.id, caseId: x.step.caseId, personId: x.step.personId, details: { outcome: x.answer.outcome, dispatchId: x.step.dispatchId } },
    ]), now);
    await markStepsSent(tx, open.filter((x) => x.answer.outcome === "sent").map((x) => x.step.id), { to: "dispatched", now });
    await markStepsSent(tx, open.filter((x) => x.answer.outcome === "delivered").map((x) => x.step.id), { to: "delivered", now });
    await failUnsettledSteps(tx, open.filter((x) => x.answer.outcome === "failed").map((x) => ({
      stepId: x.step.id, reason: (x.answer.how === "expired" ? "never_reached_provider" : "delivery_failed") as FailReason,
    })), { now });
    return open;
  });
}
