import { createHash } from "node:crypto";
import { Queue, type JobsOptions } from "bullmq";
import { bullPrefix, createProducerConnection, type RedisConnection } from "./connection";
import { readJobsEnv, type JobsEnv } from "./env";
import {
  DispatchBatchPayload,
  DispatchStepPayload,
  PlanOpenCasesPayload,
  ReconcileUnknownSendsPayload,
  SendPortalCodePayload,
  SweepDueStepsPayload,
} from "./payloads";
import { ALL_QUEUES, DISPATCH_QUEUE_BY_CHANNEL, JOBS, QUEUES, type DispatchChannel, type QueueName } from "./queues";
import { jobId } from "./job-id";

/** Bounded retention: Redis holds the due window, never the history (that is the ledger's job). */
export const RETENTION = {
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 10_000, age: 7 * 24 * 3600 },
} as const;

/** Dispatch retries: transient provider errors back off exponentially (2 s, 4 s, 8 s ... ). */
export const DISPATCH_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 2_000 },
  ...RETENTION,
};
const DEFAULT_JOB_OPTIONS: JobsOptions = { attempts: 3, backoff: { type: "exponential", delay: 1_000 }, ...RETENTION };

export interface Producer {
  readonly prefix: string;
  /** Its Redis connection (readiness probes PING through it). */
  readonly connection: RedisConnection;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

export interface CreateProducerOptions {
  env?: JobsEnv;
  /** Reuse a connection (the caller quits it); default: a new fail-fast producer connection. */
  connection?: RedisConnection;
}

export function createProducer(options: CreateProducerOptions = {}): Producer {
  const env = options.env ?? readJobsEnv();
  const owned = !options.connection;
  const connection = options.connection ?? createProducerConnection({ env });
  const queues = new Map<QueueName, Queue>();
  return {
    prefix: env.CASEBOOK_QUEUE_PREFIX,
    connection,
    queue(name) {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection, prefix: bullPrefix(env.CASEBOOK_QUEUE_PREFIX, name), defaultJobOptions: DEFAULT_JOB_OPTIONS });
        queues.set(name, q);
      }
      return q;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      // BullMQ does not close a connection it was given (docs/CONVENTIONS.md, toolchain traps).
      if (owned) await connection.quit().catch(() => connection.disconnect());
    },
  };
}

export function dispatchQueueFor(channel: DispatchChannel): QueueName {
  return DISPATCH_QUEUE_BY_CHANNEL[channel];
}

/** A batch job's own retries (a worker that fails it: Redis or PostgreSQL away), not its steps'. */
const BATCH_JOB_OPTIONS: JobsOptions = { ...DEFAULT_JOB_OPTIONS, attempts: 5, backoff: { type: "exponential", delay: 2_000 } };

function batchDigest(steps: ReadonlyArray<{ stepId: string; version: number }>): string {
  return createHash("sha256").update(steps.map((s) => `${s.stepId}.${s.version}`).join(",")).digest("hex").slice(0, 32);
}

/** The widest spread of due instants one batch job may hold: a batch waits for its last step, so its
 *  first waits at most this long after falling due (issue 15). A batch costs some 50 ms of CPU whatever
 *  its size (its 25 statements, two transactions, the job: bench/README.md), so the span also bounds
 *  that cost at low rates: at 300 steps/s a batch still fills (100 steps in a third of a second), at
 *  50/s a job holds 25 and none waits for a hundred. 250 ms (13 steps a job at 50/s) doubled the CPU
 *  of a step on the soak at that rate. */
export const BATCH_DUE_SPAN_MS = 500;

/**
 * Batches of due steps per channel queue (the sweep's path). The job id is a digest of the batch's
 * (step, version) pairs, so re-enqueueing the same batch is a no-op. 100 steps a job (the payload's
 * most): a batch's 25 statements, its two transactions and its job are shared by twice as many steps
 * as at 50 (issue 15, bench/README.md: worker CPU a step 1.87 -> 1.58 ms, PostgreSQL 0.90 -> 0.68 ms).
 *
 * Steps not yet due (`dueInMs` > 0, the sweep's look-ahead) are cut into batches by due instant as
 * well: a batch holds at most `spanMs` of due instants and is delayed until its last step is due, so
 * no step reaches a worker early and none waits for a batch to fill. Steps already due go now, in full
 * batches. The steps come in due order (the sweep selects them so); they are sorted again to be sure.
 */
export async function enqueueDispatchBatches(
  producer: Producer,
  steps: Array<{ channel: DispatchChannel; stepId: string; version: number; dueInMs?: number }>,
  batchSize = 100,
  spanMs = BATCH_DUE_SPAN_MS,
): Promise<number> {
  const byQueue = new Map<QueueName, Array<{ stepId: string; version: number; dueInMs: number }>>();
  for (const step of steps) {
    const queueName = dispatchQueueFor(step.channel);
    const list = byQueue.get(queueName) ?? [];
    list.push({ stepId: step.stepId, version: step.version, dueInMs: Math.max(0, Math.round(step.dueInMs ?? 0)) });
    byQueue.set(queueName, list);
  }
  let jobs = 0;
  await Promise.all(
    [...byQueue.entries()].map(async ([name, list]) => {
      const bulk: Array<{ name: string; data: DispatchBatchPayload; opts: JobsOptions }> = [];
      for (const batch of dueBatches(list, batchSize, spanMs)) {
        const data = DispatchBatchPayload.parse({ steps: batch.map(({ stepId, version }) => ({ stepId, version })) });
        const delay = batch.at(-1)!.dueInMs;
        bulk.push({ name: JOBS.dispatchBatch, data, opts: { ...BATCH_JOB_OPTIONS, jobId: jobId("batch", batchDigest(data.steps), data.steps.length), ...(delay > 0 ? { delay } : {}) } });
      }
      jobs += bulk.length;
      for (let i = 0; i < bulk.length; i += 1000) await producer.queue(name).addBulk(bulk.slice(i, i + 1000));
    }),
  );
  return jobs;
}

/** Steps in due order cut into batches of at most `size` steps, a batch of steps not yet due holding
 *  at most `spanMs` of due instants (its first step's to its last's). */
export function dueBatches<T extends { dueInMs: number }>(steps: readonly T[], size: number, spanMs: number): T[][] {
  const sorted = [...steps].sort((a, b) => a.dueInMs - b.dueInMs);
  const batches: T[][] = [];
  let current: T[] = [];
  for (const step of sorted) {
    if (current.length > 0 && (current.length >= size || step.dueInMs - current[0]!.dueInMs > spanMs)) {
      batches.push(current);
      current = [];
    }
    current.push(step);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * The steps of a dispatch batch whose sends met a provider outage, back on their queue as ONE delayed
 * batch job (issue 15; before, one `dispatch-step` job each, and an outage's backlog drained one step
 * at a time). Its job id, `batch-retry:<digest of the steps' (id, version)>:<retry>`, never meets the
 * sweep's `batch:…` ids, and a batch job run twice (a stalled worker) enqueues its retry once.
 */
export async function enqueueDispatchBatchRetry(
  producer: Producer,
  batch: { channel: DispatchChannel; steps: Array<{ stepId: string; version: number }>; retry: number; delayMs: number },
): Promise<string> {
  const data = DispatchBatchPayload.parse({ steps: batch.steps, retry: batch.retry });
  const id = jobId("batch-retry", batchDigest(data.steps), data.retry!);
  await producer.queue(dispatchQueueFor(batch.channel)).add(JOBS.dispatchBatch, data, { ...BATCH_JOB_OPTIONS, delay: Math.max(0, Math.round(batch.delayMs)), jobId: id });
  return id;
}

/** One dispatch job per step (an agent's message, a retry after a transient error). Re-enqueueing the same step version is a no-op. */
export async function enqueueDispatchSteps(
  producer: Producer,
  steps: Array<{ channel: DispatchChannel; stepId: string; version: number }>,
): Promise<number> {
  const byQueue = new Map<QueueName, Array<{ name: string; data: DispatchStepPayload; opts: JobsOptions }>>();
  for (const step of steps) {
    const data = DispatchStepPayload.parse({ stepId: step.stepId, version: step.version });
    const queueName = dispatchQueueFor(step.channel);
    const list = byQueue.get(queueName) ?? [];
    list.push({ name: JOBS.dispatchStep, data, opts: { ...DISPATCH_JOB_OPTIONS, jobId: jobId("step", data.stepId, data.version) } });
    byQueue.set(queueName, list);
  }
  await Promise.all([...byQueue.entries()].map(([name, jobs]) => producer.queue(name).addBulk(jobs)));
  return steps.length;
}

export async function enqueueDispatchStep(
  producer: Producer,
  step: { channel: DispatchChannel; stepId: string; version: number },
): Promise<void> {
  await enqueueDispatchSteps(producer, [step]);
}

/** A sweep now (besides the scheduler's): deterministic per minute, so a burst of callers runs one. */
export async function enqueueSweep(producer: Producer, input: Partial<SweepDueStepsPayload> = {}, at: Date = new Date()): Promise<void> {
  const data = SweepDueStepsPayload.parse(input);
  const minute = Math.floor(at.getTime() / 60_000);
  await producer.queue(QUEUES.outreachSweep).add(JOBS.sweepDueSteps, data, { ...DEFAULT_JOB_OPTIONS, attempts: 1, jobId: jobId("sweep", "manual", minute) });
}

export async function enqueueReconcile(producer: Producer, input: Partial<ReconcileUnknownSendsPayload> = {}, at: Date = new Date()): Promise<void> {
  const data = ReconcileUnknownSendsPayload.parse(input);
  const minute = Math.floor(at.getTime() / 60_000);
  await producer.queue(QUEUES.outreachSweep).add(JOBS.reconcileUnknownSends, data, { ...DEFAULT_JOB_OPTIONS, jobId: jobId("reconcile", "manual", minute) });
}

/** The next page of a planning run. */
export async function enqueuePlanOpenCases(producer: Producer, payload: PlanOpenCasesPayload): Promise<void> {
  const data = PlanOpenCasesPayload.parse(payload);
  await producer.queue(QUEUES.caseEvents).add(JOBS.planOpenCases, data, { ...DEFAULT_JOB_OPTIONS, jobId: jobId("plan-open", data.run ?? "manual", data.after ?? "start") });
}

/** A portal sign-in's code, on its channel's queue; once per sign-in (its id is the job id). Few
 *  attempts: a code that arrives minutes late is of no use, the debtor asks for a new one. */
export async function enqueueSendPortalCode(producer: Producer, payload: SendPortalCodePayload): Promise<void> {
  const data = SendPortalCodePayload.parse(payload);
  await producer.queue(dispatchQueueFor(data.channel)).add(JOBS.sendPortalCode, data, { ...DEFAULT_JOB_OPTIONS, attempts: 2, jobId: jobId("portal-code", data.signInId, 0) });
}

export { ALL_QUEUES };
