import type { Job } from "bullmq";
import { foldRollups } from "@casebook/domain";
import type { Deps } from "../deps";

/** Folds what the ledger triggers queued into the dashboard rollups. A run that finds another fold
 *  holding the lock does nothing: the next scheduled run continues where it stopped. */
export async function processFoldRollups(job: Job, deps: Deps) {
  const started = Date.now();
  const result = await foldRollups({ db: deps.db }, { maxBatches: 50 });
  if (result.folded > 0) deps.log.info({ jobId: job.id, folded: result.folded, ms: Date.now() - started }, "fold rollups");
  return result;
}
