import type { Job } from "bullmq";
import { reconcileUnknownSends, type ReconcileResult } from "@casebook/domain";
import { ReconcileUnknownSendsPayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/**
 * Claims whose send outcome is unknown are asked of the provider, never blindly resent. One pass takes
 * up to `limit` steps (a set: one statement to find them, one transaction to write their answers back);
 * while passes come back full and settle something, the job runs another at once, for at most half the
 * scheduler's period (RECONCILE_EVERY_MS), so a backlog a provider timeout left drains at the passes'
 * speed, not `limit` a period, and the next scheduled run does not overlap this one.
 */
export async function processReconcileUnknownSends(job: Job, deps: Deps) {
  const payload = ReconcileUnknownSendsPayload.parse(job.data ?? {});
  const budgetMs = deps.config.worker.RECONCILE_EVERY_MS / 2;
  const started = performance.now();
  const total: ReconcileResult & { passes: number } = { passes: 0, taken: 0, sent: 0, failed: 0, resent: 0, needsReview: 0 };
  for (;;) {
    // A fresh context a pass: each pass judges the resend window and the decisions at its own now.
    const pass = await reconcileUnknownSends(contextOf(deps), { limit: payload.limit, staleClaimSeconds: deps.config.worker.RECONCILE_STALE_CLAIM_SECONDS }, deps.channels);
    total.passes++;
    total.taken += pass.taken;
    total.sent += pass.sent;
    total.failed += pass.failed;
    total.resent += pass.resent;
    total.needsReview = pass.needsReview;
    const full = pass.taken >= payload.limit && pass.sent + pass.failed > 0;
    if (!full || performance.now() - started >= budgetMs) break;
  }
  if (total.sent + total.failed + total.needsReview > 0) deps.log.info({ jobId: job.id, ...total }, "reconcile");
  return total;
}
