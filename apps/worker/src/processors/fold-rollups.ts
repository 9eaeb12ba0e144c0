import type { Job } from "bullmq";
import { foldAgentDays, foldBucketDays, foldRollups } from "@casebook/domain";
import type { Deps } from "../deps";

/** Folds what the ledger triggers queued into the dashboard rollups, then any completed UTC day not yet
 *  folded into the bucket moves (roll and cure rates) and into the agents' case sessions (the Team
 *  page's time on cases and cases touched); at most a month of days per run each, so a first run on an
 *  old database backfills over a few runs. A run that finds another fold holding a lock does nothing
 *  for it: the next scheduled run continues where it stopped. */
export async function processFoldRollups(job: Job, deps: Deps) {
  const started = Date.now();
  const result = await foldRollups({ db: deps.db }, { maxBatches: 50 });
  if (result.folded > 0) deps.log.info({ jobId: job.id, folded: result.folded, ms: Date.now() - started }, "fold rollups");
  const days = await foldBucketDays({ db: deps.db, now: deps.clock() });
  if (days.days > 0) deps.log.info({ jobId: job.id, days: days.days, throughDay: days.throughDay, ms: Date.now() - started }, "fold bucket days");
  const agentDays = await foldAgentDays({ db: deps.db, now: deps.clock() });
  if (agentDays.days > 0) deps.log.info({ jobId: job.id, days: agentDays.days, throughDay: agentDays.throughDay, ms: Date.now() - started }, "fold agent days");
  return { ...result, bucketDays: days.days, agentDays: agentDays.days };
}
