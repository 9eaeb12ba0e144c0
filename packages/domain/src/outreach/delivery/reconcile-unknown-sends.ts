import { and, asc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { classifySendError, portChannelFor, type OutreachChannels, type PortChannel } from "./channels-port";

const PORT_CHANNELS: PortChannel[] = ["sms", "call", "email", "letter"];
const LEDGER_CHANNELS: Record<PortChannel, StepChannel[]> = { sms: ["sms"], call: ["call", "voicemail"], email: ["email"], letter: ["letter"] };
import { claimedMessage, RESEND_WINDOW_MS } from "./dispatch-step";
import { recheckClaim } from "../gate/recheck-claim";
import { recordOutcomeInTx } from "./record-outcome";
import { failStep, lockStep, markStepDelivered, markStepSent, type StepChannel } from "../steps/step-lifecycle";

export const ReconcileUnknownSends = z.object({
  limit: z.number().int().positive().max(10_000).default(500),
  /** A claim this old without an outcome is treated as unknown (its worker died and its job is gone). */
  staleClaimSeconds: z.number().int().positive().default(300),
});
export type ReconcileUnknownSends = z.input<typeof ReconcileUnknownSends>;

export interface ReconcileResult {
  sent: number;
  failed: number;
  resent: number;
  /** Channels that cannot be asked (SMTP): left in `reconcile` for a person to decide. */
  needsReview: number;
}

/**
 * Resolves claims whose send outcome is unknown, never by a blind resend: the provider is asked by
 * dispatch id (its idempotency key). Found: the ledger gets the provider's answer. Not found and still
 * within the resend window: sent now with the same dispatch id (the provider dedupes it if the first
 * request surfaces after all). Not found and too late: failed (the decision it was made under is stale).
 */
export async function reconcileUnknownSends(ctx: DomainContext, rawInput: ReconcileUnknownSends, channels: OutreachChannels): Promise<ReconcileResult> {
  const input = parseInput(ReconcileUnknownSends, rawInput);
  const staleBefore = new Date(ctx.now.getTime() - input.staleClaimSeconds * 1000);
  // Every channel gets its turn, oldest first (issue 9 §4): a pile of unknowns in one channel never
  // starves another. Each askable channel's oldest (up to the limit) are read; the run takes them in
  // turns, channel by channel, so a channel with work gets at least limit / channels of the run, and a
  // share a quiet channel leaves unused goes to the others' next oldest.
  const queues = await Promise.all(
    PORT_CHANNELS.filter((c) => channels[c].lookup).map((c) =>
      ctx.db
        .select()
        .from(s.outreachSteps)
        .where(and(inArray(s.outreachSteps.channel, LEDGER_CHANNELS[c]), or(eq(s.outreachSteps.state, "reconcile"), and(eq(s.outreachSteps.state, "claimed"), lt(s.outreachSteps.claimedAt, staleBefore)))))
        .orderBy(asc(s.outreachSteps.claimedAt), asc(s.outreachSteps.id))
        .limit(input.limit),
    ),
  );
  const steps = takeInTurns(queues, input.limit);
  // Channels that cannot be asked are counted, never picked up: a person decides them.
  const unaskable = PORT_CHANNELS.filter((c) => !channels[c].lookup).flatMap((c) => LEDGER_CHANNELS[c]);
  const [review] = unaskable.length
    ? await ctx.db.select({ n: sql<number>`count(*)::int` }).from(s.outreachSteps).where(and(inArray(s.outreachSteps.channel, unaskable), eq(s.outreachSteps.state, "reconcile")))
    : [{ n: 0 }];
  const result: ReconcileResult = { sent: 0, failed: 0, resent: 0, needsReview: review?.n ?? 0 };
  for (const step of steps) {
    if (!step.dispatchId) continue;
    const adapter = channels[portChannelFor(step.channel)];
    const { attempt, message } = await claimedMessage(ctx.db, step);
    let answer: { outcome: "sent" | "delivered" | "failed"; providerMessageId?: string; how: "lookup" | "resend" | "expired" } | undefined;
    if (!adapter.lookup) continue;
    const found = await adapter.lookup(step.dispatchId).catch(() => undefined);
    if (!found) continue; // provider unreachable: try on the next run
    if (found.found) {
      answer = { outcome: found.status === "accepted" ? "sent" : found.status, providerMessageId: found.providerMessageId, how: "lookup" };
    } else if (step.claimedAt && ctx.now.getTime() - step.claimedAt.getTime() < RESEND_WINDOW_MS && !(await recheckClaim(ctx.db, attempt, ctx.now))) {
      try {
        const sent = await adapter.send(message, { idempotencyKey: step.dispatchId });
        answer = { outcome: sent.status === "delivered" ? "delivered" : "sent", providerMessageId: sent.providerMessageId, how: "resend" };
      } catch (err) {
        const kind = classifySendError(err);
        if (kind.kind === "permanent") answer = { outcome: "failed", how: "resend" };
        else continue;
      }
    } else {
      answer = { outcome: "failed", how: "expired" };
    }
    const done = answer;
    await ctx.db.transaction(async (tx) => {
      const state = await lockStep(tx, step.id);
      if (state !== "reconcile" && state !== "claimed") return;
      await recordOutcomeInTx(tx, ctx.actor, ctx.now, {
        attemptId: attempt.id,
        outcome: done.outcome,
        source: "reconciler",
        ...(done.providerMessageId ? { providerMessageId: done.providerMessageId } : {}),
        details: { providerStatus: done.how, ...(done.how === "expired" ? { error: "never_reached_provider" } : {}) },
      });
      // recordOutcome already moved the step for `delivered` / `failed`; `sent` is ours to record.
      const after = await lockStep(tx, step.id);
      if (after === "reconcile" || after === "claimed") {
        if (done.outcome === "sent") await markStepSent(tx, step.id, { now: ctx.now });
        else if (done.outcome === "delivered") await markStepDelivered(tx, step.id, { now: ctx.now });
        else await failStep(tx, step.id, { reason: done.how === "expired" ? "never_reached_provider" : "provider_rejected", now: ctx.now });
      }
      await writeAudit(tx, ctx.actor, { action: `outreach.reconcile_${done.how}`, entityType: "outreach_step", entityId: step.id, caseId: step.caseId, personId: step.personId, details: { outcome: done.outcome, dispatchId: step.dispatchId } }, ctx.now);
    });
    if (done.how === "resend") result.resent++;
    if (done.outcome === "failed") result.failed++;
    else result.sent++;
  }
  return result;
}

/** Up to `limit` items, one from each queue in turn (each queue keeps its order), then oldest first by
 *  claim time across all of them. */
function takeInTurns<T extends { claimedAt: Date | null }>(queues: T[][], limit: number): T[] {
  const taken: T[] = [];
  for (let i = 0; taken.length < limit && queues.some((q) => i < q.length); i++) {
    for (const q of queues) if (i < q.length && taken.length < limit) taken.push(q[i]!);
  }
  return taken.sort((a, b) => (a.claimedAt?.getTime() ?? 0) - (b.claimedAt?.getTime() ?? 0));
}
