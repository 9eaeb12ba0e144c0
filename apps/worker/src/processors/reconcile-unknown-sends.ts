import type { Job } from "bullmq";
import { reconcileUnknownSends } from "@casebook/domain";
import { ReconcileUnknownSendsPayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/** Claims whose send outcome is unknown are asked of the provider, never blindly resent. */
export async function processReconcileUnknownSends(job: Job, deps: Deps) {
  const payload = ReconcileUnknownSendsPayload.parse(job.data ?? {});
  const result = await reconcileUnknownSends(
    contextOf(deps),
    { limit: payload.limit, staleClaimSeconds: deps.config.worker.RECONCILE_STALE_CLAIM_SECONDS },
    deps.channels,
  );
  if (result.sent + result.failed + result.needsReview > 0) deps.log.info({ jobId: job.id, ...result }, "reconcile");
  return result;
}
