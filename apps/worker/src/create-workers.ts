import { UnrecoverableError, Worker, type Job, type WorkerOptions } from "bullmq";
import { logSafeMessage } from "@casebook/config";
import { giveUpStep } from "@casebook/domain";
import { ALL_QUEUES, bullPrefix, JOBS, QUEUES, recordDeadLetter, WORKER_METRICS, type QueueName, type RedisConnection } from "@casebook/jobs";
import { contextOf, type Deps } from "./deps";
import { COMPLIANCE_BLOCK, mapError } from "./map-error";
import { countBlocked, countDispatchResult } from "./metrics";
import { processCaseEvent, processPlanOpenCases, processPlanOutreach } from "./processors/case-event";
import { processDispatchBatch } from "./processors/dispatch-batch";
import { processDispatchStep } from "./processors/dispatch-step";
import { processReprioritiseCases } from "./processors/reprioritise-cases";
import { processFoldRollups } from "./processors/fold-rollups";
import { processSettleCommitments } from "./processors/settle-commitments";
import { processSendPortalCode } from "./processors/send-portal-code";
import { processReconcileUnknownSends } from "./processors/reconcile-unknown-sends";
import { processSweepDueSteps } from "./processors/sweep-due-steps";
import { processDeliverWebhook, processRelayOutbox } from "./processors/webhooks";
import { processRunImport } from "./processors/run-import";
import { processResumeImportRuns } from "./processors/resume-imports";

type Processor = (job: Job, deps: Deps, token?: string) => Promise<unknown>;

/** Job name → processor, per queue. An unknown name is a producer bug: final, dead-lettered. */
const ROUTES: Record<QueueName, Record<string, Processor>> = {
  [QUEUES.outreachSweep]: { [JOBS.sweepDueSteps]: processSweepDueSteps, [JOBS.reconcileUnknownSends]: processReconcileUnknownSends },
  [QUEUES.dispatchSms]: { [JOBS.dispatchStep]: processDispatchStep, [JOBS.dispatchBatch]: processDispatchBatch, [JOBS.sendPortalCode]: processSendPortalCode },
  [QUEUES.dispatchEmail]: { [JOBS.dispatchStep]: processDispatchStep, [JOBS.dispatchBatch]: processDispatchBatch, [JOBS.sendPortalCode]: processSendPortalCode },
  [QUEUES.dispatchVoice]: { [JOBS.dispatchStep]: processDispatchStep, [JOBS.dispatchBatch]: processDispatchBatch },
  [QUEUES.dispatchLetter]: { [JOBS.dispatchStep]: processDispatchStep, [JOBS.dispatchBatch]: processDispatchBatch },
  [QUEUES.caseEvents]: { [JOBS.caseEvent]: processCaseEvent, [JOBS.planOutreach]: processPlanOutreach, [JOBS.planOpenCases]: processPlanOpenCases },
  [QUEUES.maintenance]: { [JOBS.reprioritiseCases]: processReprioritiseCases, [JOBS.foldRollups]: processFoldRollups, [JOBS.settleCommitments]: processSettleCommitments, [JOBS.resumeImportRuns]: processResumeImportRuns },
  [QUEUES.webhooks]: { [JOBS.relayOutbox]: processRelayOutbox, [JOBS.deliverWebhook]: processDeliverWebhook },
  [QUEUES.imports]: { [JOBS.runImport]: processRunImport },
};

function concurrencyFor(queue: QueueName, deps: Deps): number {
  if (queue === QUEUES.outreachSweep || queue === QUEUES.maintenance || queue === QUEUES.imports) return 1;
  if (queue === QUEUES.caseEvents) return deps.config.worker.WORKER_EVENTS_CONCURRENCY;
  // Letters render PDFs (CPU): fewer at once.
  if (queue === QUEUES.dispatchLetter) return Math.max(1, Math.floor(deps.config.worker.WORKER_DISPATCH_CONCURRENCY / 4));
  return deps.config.worker.WORKER_DISPATCH_CONCURRENCY;
}

export function selectedQueues(deps: Deps): QueueName[] {
  const wanted = deps.config.worker.WORKER_QUEUES?.split(",").map((q) => q.trim()).filter(Boolean);
  if (!wanted?.length) return ALL_QUEUES;
  const unknown = wanted.filter((q) => !(ALL_QUEUES as string[]).includes(q));
  if (unknown.length) throw new Error(`WORKER_QUEUES: unknown queue ${unknown.join(", ")}`);
  return wanted as QueueName[];
}

/** One BullMQ Worker per queue, all on the one blocking worker connection. */
export function createWorkers(deps: Deps, connection: RedisConnection): Worker[] {
  return selectedQueues(deps).map((queue) => {
    const routes = ROUTES[queue];
    const options: WorkerOptions = {
      connection,
      prefix: bullPrefix(deps.config.jobs.CASEBOOK_QUEUE_PREFIX, queue),
      concurrency: concurrencyFor(queue, deps),
      lockDuration: deps.config.worker.WORKER_LOCK_MS,
      stalledInterval: deps.config.worker.WORKER_LOCK_MS,
      maxStalledCount: 2,
      autorun: true,
      // Per-minute counts of finished jobs in Redis: the Outreach page's throughput (jobs/metrics.ts).
      metrics: WORKER_METRICS,
    };
    const worker = new Worker(
      queue,
      async (job, token) => {
        const processor = routes[job.name];
        if (!processor) throw new UnrecoverableError(`unknown job ${job.name}`);
        try {
          return await processor(job, deps, token);
        } catch (err) {
          throw mapError(err);
        }
      },
      options,
    );
    worker.on("completed", (_job, result) => {
      if (deps.metrics) countDispatchResult(deps.metrics, queue, result);
    });
    worker.on("failed", (job, err) => {
      if (deps.metrics && job && err.name !== "DelayedError") {
        const final = err.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
        deps.metrics.jobsFailed.inc({ queue, final: String(final) });
        countBlocked(deps.metrics, queue, err.message, COMPLIANCE_BLOCK);
      }
      void onFailed(deps, connection, queue, job, err);
    });
    worker.on("error", (err) => deps.log.error({ queue, err: logSafeMessage(err) }, "worker error"));
    return worker;
  });
}

/** Dead letter: a job that exhausted its retries or failed unrecoverably (ids and the error class only). */
async function onFailed(deps: Deps, connection: RedisConnection, queue: QueueName, job: Job | undefined, err: Error): Promise<void> {
  if (!job) return;
  const final = err.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
  deps.log.warn({ queue, jobId: job.id, attemptsMade: job.attemptsMade, final, error: err.name, reason: logSafeMessage(err).slice(0, 200) }, "job failed");
  if (!final || err.message.startsWith(COMPLIANCE_BLOCK) || err.name === "DelayedError") return;
  try {
    await recordDeadLetter(connection, deps.config.jobs.CASEBOOK_QUEUE_PREFIX, {
      queue,
      jobName: job.name,
      jobId: String(job.id),
      data: job.data as Record<string, unknown>,
      error: logSafeMessage(err),
      attemptsMade: job.attemptsMade,
      failedAt: new Date().toISOString(),
    });
    // Only a single-step job decides its step's fate here. A failed batch job decides nothing about
    // its steps (issue 9 §3): each already recorded its own outcome, and one left open is swept again
    // when its lease runs out.
    const stepId = job.name === JOBS.dispatchStep ? (job.data as { stepId?: unknown }).stepId : undefined;
    if (typeof stepId === "string") {
      const outcome = await giveUpStep(contextOf(deps), { stepId });
      deps.metrics?.givenUp.inc({ queue });
      deps.log.error({ queue, jobId: job.id, stepId, state: outcome.state, error: err.name }, "outreach step given up after retries");
    }
  } catch (e) {
    deps.log.error({ queue, jobId: job.id, err: logSafeMessage(e) }, "dead-letter write failed");
  }
}
