import type { Job } from "bullmq";
import { listStrandedImportRuns } from "@casebook/domain";
import { enqueueImportRun } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/** A run accepted in PostgreSQL whose job never reached Redis (or was lost with Redis's data) is
 *  enqueued again: its job id is the run's, so a job that does exist is left as it is. Ids and counts
 *  only in the log. */
export async function processResumeImportRuns(job: Job, deps: Deps) {
  const runIds = await listStrandedImportRuns(contextOf(deps));
  for (const runId of runIds) await enqueueImportRun(deps.producer, runId);
  if (runIds.length > 0) deps.log.warn({ jobId: job.id, runIds }, "queued import runs without a job enqueued again");
  return { enqueued: runIds.length };
}
