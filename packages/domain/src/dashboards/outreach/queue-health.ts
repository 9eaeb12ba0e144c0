import { z } from "zod";
import { ALL_QUEUES, finishedInWindow, type Producer, type QueueName } from "@casebook/jobs";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { ConflictError, NotFoundError } from "../../errors";
import { countGivenUpSteps, type GivenUpSteps } from "../../outreach/delivery/count-given-up-steps";
import { parseInput } from "../../parse-input";
import { requireDashboardRole, SUPERVISOR_ROLES } from "../dashboard-access";

/** Throughput is counted over this window, from BullMQ's per-minute metrics that every worker keeps
 *  (packages/jobs metrics.ts): a few numbers per queue, whatever the queue's volume. */
export const THROUGHPUT_WINDOW_MINUTES = 15;
const FAILED_SHOWN = 20;

export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  /** The error the last attempt ended with (job payloads and errors carry ids, never personal data). */
  reason: string;
  attempts: number;
  failedAt: Date | null;
}
export interface QueueCounts {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Jobs completed in the last THROUGHPUT_WINDOW_MINUTES (wall clock: BullMQ's own timestamps). */
  completedRecently: number;
}
export interface QueueHealth {
  queues: QueueCounts[];
  givenUp: GivenUpSteps;
  failedJobs: FailedJob[];
}

/** Queue health read from BullMQ itself (counts per state, recent throughput, the newest failed jobs)
 *  and the steps the worker gave up on (countGivenUpSteps). BullMQ stamps jobs with the workers' wall
 *  clock, so the edge passes its wall clock (`wallClockMs`) for the throughput window: the domain clock
 *  is simulated in the e2e suite and the outreach simulation. */
export async function getQueueHealth(ctx: DomainContext, producer: Producer, wallClockMs: number): Promise<QueueHealth> {
  requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const perQueue = await Promise.all(ALL_QUEUES.map(async (name) => {
    const q = producer.queue(name);
    const [counts, completed, failed] = await Promise.all([
      q.getJobCounts("waiting", "prioritized", "active", "delayed", "failed"),
      q.getMetrics("completed", 0, THROUGHPUT_WINDOW_MINUTES - 1),
      q.getFailed(0, FAILED_SHOWN - 1),
    ]);
    const row: QueueCounts = {
      queue: name, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0, completedRecently: finishedInWindow(completed, wallClockMs, THROUGHPUT_WINDOW_MINUTES),
    };
    const jobs: FailedJob[] = failed.filter(Boolean).map((j) => ({
      queue: name, id: String(j.id), name: j.name, reason: j.failedReason ?? "", attempts: j.attemptsMade, failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
    }));
    return { row, jobs };
  }));
  const failedJobs = perQueue.flatMap((q) => q.jobs).sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0)).slice(0, FAILED_SHOWN);
  return { queues: perQueue.map((q) => q.row), givenUp: await countGivenUpSteps(ctx), failedJobs };
}

export const RetryFailedJob = z.object({
  queue: z.enum(ALL_QUEUES as [QueueName, ...QueueName[]]),
  jobId: z.string().min(1).max(200),
});
export type RetryFailedJob = z.input<typeof RetryFailedJob>;

/** Retries one failed job through BullMQ (it goes back to waiting with its attempts reset), audited
 *  as `queue.retry`. A job that is not failed (already retried, or gone) is refused. */
export async function retryFailedJob(ctx: DomainContext, producer: Producer, input: RetryFailedJob): Promise<void> {
  const actor = requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const p = parseInput(RetryFailedJob, input);
  const job = await producer.queue(p.queue).getJob(p.jobId);
  if (!job) throw new NotFoundError("job", p.jobId);
  if ((await job.getState()) !== "failed") throw new ConflictError("job_not_failed");
  await job.retry("failed");
  await writeAudit(ctx.db, actor, { action: "queue.retry", entityType: "job", entityId: `${p.queue}:${p.jobId}`, details: { queue: p.queue, jobId: p.jobId, name: job.name } }, ctx.now);
}
