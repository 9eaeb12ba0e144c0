// Where a step's time between due and sent goes (issue 15, the soak's `stages`): the ledger's own
// timestamps (due_at, created_at, claimed_at), the dispatch-batch jobs BullMQ still holds (added by the
// sweep, started, finished by a worker) and the moment the provider simulator received the message.
// Read once after the run, from what the run kept anyway: no polling during it.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type postgres from "postgres";
import { bullPrefix, JOBS, QUEUES } from "@casebook/jobs";

export interface StageFigures {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** p50/p95/p99/max of seconds (nearest rank), rounded to milliseconds. */
export function figures(seconds: number[]): StageFigures {
  const sorted = [...seconds].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0);
  const r = (n: number) => Number(n.toFixed(3));
  return { p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(sorted.at(-1) ?? 0) };
}

interface TracedJob {
  /** Wall-clock ms: added to Redis (by the sweep), taken by a worker, finished. */
  addedMs: number;
  startedMs: number;
  finishedMs: number;
  stepIds: string[];
}

/** The finished jobs of a queue that BullMQ keeps (RETENTION: the last 1,000 dispatch jobs, the last 100 sweeps). */
async function finishedJobs(redis: Redis, prefix: string, queue: string, name: string) {
  const q = new Queue(queue, { connection: redis, prefix: bullPrefix(prefix, queue) });
  try {
    const jobs = await q.getJobs(["completed"], 0, -1);
    return jobs.filter((j) => j.name === name && j.processedOn && j.finishedOn);
  } finally {
    await q.close();
  }
}

/**
 * Per traced step (one in a dispatch job BullMQ still holds), in seconds:
 * - `dueToEnqueued`: due_at → its batch job added by the sweep (the wait for the next sweep and the
 *   sweep's own pass: lease UPDATE, then enqueue); negative when the sweep's look-ahead handed it
 *   over before it was due;
 * - `dueToStarted`: due_at → the job's start (the sweep and the queue together);
 * - `queueWait`: the job's wait in Redis for a worker once it could be taken: from its hand-over, or
 *   from its last step's due instant when it was delayed until then (BullMQ clears a job's `delay`
 *   once it is promoted, so the delay is taken from the steps);
 * - `startedToSent`: the job's start (claimed_at) → the provider received the message (the batch's
 *   gate transaction, composing, the send's request);
 * - `sentToFinished`: the provider's receipt → the job finished (the rest of the batch's sends and
 *   the write-back transaction);
 * - `dueToSent`: due_at → the provider received it (what the soak's p99 target means);
 * - `dueToClaimed`: due_at → claimed_at, what the ledger alone shows (and `dueToSentSeconds` reads
 *   through dispatched_at, the same instant: a batch records its job's start as both).
 * `wallToBench` maps a wall-clock ms to the bench clock (the workers' and due_at's).
 */
export async function traceStages(o: {
  redis: Redis;
  prefix: string;
  sql: postgres.Sql;
  kind: string;
  received: ReadonlyMap<string, number>;
  wallToBench: (ms: number) => number;
}) {
  const jobs: TracedJob[] = (await finishedJobs(o.redis, o.prefix, QUEUES.dispatchSms, JOBS.dispatchBatch)).map((j) => ({
    addedMs: j.timestamp,
    startedMs: j.processedOn!,
    finishedMs: j.finishedOn!,
    stepIds: ((j.data as { steps?: Array<{ stepId: string }> }).steps ?? []).map((s) => s.stepId),
  }));
  const ids = jobs.flatMap((j) => j.stepIds);
  const rows = ids.length === 0 ? [] : await o.sql<{ id: string; due_ms: number; created_ms: number; claimed_ms: number | null; dispatch_id: string | null }[]>`
    select id, extract(epoch from due_at) * 1000 as due_ms, extract(epoch from created_at) * 1000 as created_ms,
           extract(epoch from claimed_at) * 1000 as claimed_ms, dispatch_id
      from outreach_steps where kind = ${o.kind} and id = any(${ids}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const stages: Record<string, number[]> = { dueToEnqueued: [], dueToStarted: [], queueWait: [], startedToSent: [], sentToFinished: [], dueToSent: [], dueToClaimed: [], createdToDue: [] };
  const push = (k: string, ms: number) => stages[k]!.push(ms / 1000);
  let traced = 0;
  for (const job of jobs) {
    const added = o.wallToBench(job.addedMs);
    const lastDue = Math.max(...job.stepIds.map((id) => Number(byId.get(id)?.due_ms ?? 0)));
    const available = Math.max(added, lastDue);
    const started = o.wallToBench(job.startedMs);
    const finished = o.wallToBench(job.finishedMs);
    for (const id of job.stepIds) {
      const st = byId.get(id);
      const receivedWall = st?.dispatch_id ? o.received.get(st.dispatch_id) : undefined;
      if (!st || receivedWall === undefined) continue;
      const received = o.wallToBench(receivedWall);
      const due = Number(st.due_ms);
      traced++;
      push("dueToEnqueued", added - due);
      push("dueToStarted", started - due);
      push("queueWait", started - available);
      push("startedToSent", received - started);
      push("sentToFinished", finished - received);
      push("dueToSent", received - due);
      if (st.claimed_ms !== null) push("dueToClaimed", Number(st.claimed_ms) - due);
      // created_at is the database's clock (wall), due_at the bench's.
      push("createdToDue", due - o.wallToBench(Number(st.created_ms)));
    }
  }
  const sizes = jobs.map((j) => j.stepIds.length).sort((a, b) => a - b);
  const sweeps = (await finishedJobs(o.redis, o.prefix, QUEUES.outreachSweep, JOBS.sweepDueSteps)).sort((a, b) => a.processedOn! - b.processedOn!);
  const gaps = sweeps.slice(1).map((s, i) => (s.processedOn! - sweeps[i]!.processedOn!) / 1000);
  return {
    jobsTraced: jobs.length,
    stepsTraced: traced,
    batchSteps: { p50: sizes[Math.floor(sizes.length / 2)] ?? 0, max: sizes.at(-1) ?? 0 },
    seconds: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, figures(v)])),
    sweeps: {
      traced: sweeps.length,
      passSeconds: figures(sweeps.map((s) => (s.finishedOn! - s.processedOn!) / 1000)),
      startToStartSeconds: figures(gaps),
      selected: figures(sweeps.map((s) => Number((s.returnvalue as { selected?: number } | null)?.selected ?? 0))),
    },
  };
}
