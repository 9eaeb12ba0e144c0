import type { Job } from "bullmq";
import { sweepDueSteps } from "@casebook/domain";
import { SweepDueStepsPayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/** Every minute (job scheduler): select what is due in PostgreSQL, and what falls due before the next
 *  sweep but one, enqueue id-only dispatch batches (through the domain's queue port, the worker's
 *  producer), each delayed until its steps are due. */
export async function processSweepDueSteps(job: Job, deps: Deps) {
  const payload = SweepDueStepsPayload.parse(job.data ?? {});
  const started = Date.now();
  const result = await sweepDueSteps(
    contextOf(deps),
    { limit: Math.min(payload.maxSteps, deps.config.worker.SWEEP_MAX_STEPS), batchSize: Math.min(payload.batchSize, deps.config.worker.SWEEP_BATCH_SIZE), leaseSeconds: deps.config.worker.SWEEP_LEASE_SECONDS, lookAheadMs: sweepLookAheadMs(deps.config.worker) },
  );
  if (result.selected > 0) deps.log.info({ jobId: job.id, selected: result.selected, batches: result.batches, ms: Date.now() - started }, "sweep");
  return { selected: result.selected, batches: result.batches };
}

/** SWEEP_LOOKAHEAD_MS, or twice the sweep's period. */
export function sweepLookAheadMs(w: Pick<Deps["config"]["worker"], "SWEEP_LOOKAHEAD_MS" | "SWEEP_EVERY_MS">): number {
  return w.SWEEP_LOOKAHEAD_MS ?? Math.min(3_600_000, 2 * w.SWEEP_EVERY_MS);
}
