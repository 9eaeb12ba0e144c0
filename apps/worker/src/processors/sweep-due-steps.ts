import type { Job } from "bullmq";
import { sweepDueSteps } from "@casebook/domain";
import { SweepDueStepsPayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/** Every minute (job scheduler): select what is due in PostgreSQL, enqueue id-only dispatch batches
 *  (through the domain's queue port, the worker's producer). */
export async function processSweepDueSteps(job: Job, deps: Deps) {
  const payload = SweepDueStepsPayload.parse(job.data ?? {});
  const started = Date.now();
  const result = await sweepDueSteps(
    contextOf(deps),
    { limit: Math.min(payload.maxSteps, deps.config.worker.SWEEP_MAX_STEPS), batchSize: Math.min(payload.batchSize, deps.config.worker.SWEEP_BATCH_SIZE), leaseSeconds: deps.config.worker.SWEEP_LEASE_SECONDS },
  );
  if (result.selected > 0) deps.log.info({ jobId: job.id, selected: result.selected, batches: result.batches, ms: Date.now() - started }, "sweep");
  return { selected: result.selected, batches: result.batches };
}
