import { JOBS, QUEUES, SCHEDULERS, type Producer } from "@casebook/jobs";
import type { Deps } from "./deps";

/** Upserted at every start: a changed interval replaces the old schedule instead of adding one. */
export async function registerSchedulers(deps: Deps, producer: Producer): Promise<void> {
  const w = deps.config.worker;
  await producer
    .queue(QUEUES.outreachSweep)
    .upsertJobScheduler(SCHEDULERS.sweep, { every: w.SWEEP_EVERY_MS }, { name: JOBS.sweepDueSteps, data: { batchSize: w.SWEEP_BATCH_SIZE, maxSteps: w.SWEEP_MAX_STEPS }, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
  await producer
    .queue(QUEUES.outreachSweep)
    .upsertJobScheduler(SCHEDULERS.reconcile, { every: w.RECONCILE_EVERY_MS }, { name: JOBS.reconcileUnknownSends, data: { limit: 500 }, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
  // The planner walks open cases (new placements get their strategy; DPD moves stages).
  await producer
    .queue(QUEUES.caseEvents)
    .upsertJobScheduler(SCHEDULERS.plan, { every: w.PLAN_EVERY_MS }, { name: JOBS.planOpenCases, data: { pageSize: 500 }, opts: { attempts: 3, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
  // Queue order follows the clock (promises due, callbacks, local calling hours): see processors/reprioritise-cases.ts.
  await producer
    .queue(QUEUES.maintenance)
    .upsertJobScheduler(SCHEDULERS.maintenance, { every: w.MAINTENANCE_EVERY_MS }, { name: JOBS.reprioritiseCases, data: {}, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
  // Dashboard figures come from rollups, folded from the inbox the ledger triggers fill (issue 13).
  await producer
    .queue(QUEUES.maintenance)
    .upsertJobScheduler(SCHEDULERS.rollups, { every: w.ROLLUP_EVERY_MS }, { name: JOBS.foldRollups, data: {}, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
  // Promises and installments past their date and grace become kept, broken or missed (issue 17).
  await producer
    .queue(QUEUES.maintenance)
    .upsertJobScheduler(SCHEDULERS.commitments, { every: w.MAINTENANCE_EVERY_MS }, { name: JOBS.settleCommitments, data: {}, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
  // An accepted import file is never forgotten: runs queued without a job are enqueued again (issue 16).
  await producer
    .queue(QUEUES.maintenance)
    .upsertJobScheduler(SCHEDULERS.imports, { every: w.MAINTENANCE_EVERY_MS }, { name: JOBS.resumeImportRuns, data: {}, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
  // Events out (issue 16): committed outbox events become webhook deliveries, each its own job.
  await producer
    .queue(QUEUES.webhooks)
    .upsertJobScheduler(SCHEDULERS.outbox, { every: w.OUTBOX_EVERY_MS }, { name: JOBS.relayOutbox, data: { limit: 500 }, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
}
