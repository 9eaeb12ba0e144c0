import { and, eq, inArray, lt, or } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { classifySendError, portChannelFor, type OutreachChannels } from "./channels-port";
import { claimedMessage, RESEND_WINDOW_MS } from "./dispatch-step";
import { recheckClaim } from "../gate/recheck-claim";
import { recordOutcomeInTx } from "./record-outcome";
import { lockRows } from "../../locks/lock-rows";

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
  const steps = await ctx.db
    .select()
    .from(s.outreachSteps)
    .where(or(eq(s.outreachSteps.state, "reconcile"), and(eq(s.outreachSteps.state, "claimed"), lt(s.outreachSteps.claimedAt, staleBefore))))
    .limit(input.limit);
  const result: ReconcileResult = { sent: 0, failed: 0, resent: 0, needsReview: 0 };
  for (const step of steps) {
    if (!step.dispatchId) continue;
    const adapter = channels[portChannelFor(step.channel)];
    const { attempt, message } = await claimedMessage(ctx.db, step);
    let answer: { outcome: "sent" | "delivered" | "failed"; providerMessageId?: string; how: "lookup" | "resend" | "expired" } | undefined;
    if (!adapter.lookup) {
      result.needsReview++;
      continue;
    }
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
      await lockRows(tx, { steps: [step.id] });
      const [locked] = await tx.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(eq(s.outreachSteps.id, step.id));
      if (!locked || (locked.state !== "reconcile" && locked.state !== "claimed")) return;
      await recordOutcomeInTx(tx, ctx.actor, ctx.now, {
        attemptId: attempt.id,
        outcome: done.outcome,
        source: "reconciler",
        ...(done.providerMessageId ? { providerMessageId: done.providerMessageId } : {}),
        details: { providerStatus: done.how },
      });
      const state = done.outcome === "failed" ? "failed" : done.outcome === "delivered" ? "delivered" : "dispatched";
      await tx
        .update(s.outreachSteps)
        .set({ state, lastError: done.how === "expired" ? "never_reached_provider" : null, ...(state === "dispatched" ? { dispatchedAt: ctx.now } : { finishedAt: ctx.now }), updatedAt: ctx.now })
        .where(and(eq(s.outreachSteps.id, step.id), inArray(s.outreachSteps.state, ["reconcile", "claimed"])));
      await writeAudit(tx, ctx.actor, { action: `outreach.reconcile_${done.how}`, entityType: "outreach_step", entityId: step.id, caseId: step.caseId, personId: step.personId, details: { outcome: done.outcome, dispatchId: step.dispatchId } }, ctx.now);
    });
    if (done.how === "resend") result.resent++;
    if (done.outcome === "failed") result.failed++;
    else result.sent++;
  }
  return result;
}
