import { MetricsTime, type Metrics, type WorkerOptions } from "bullmq";

/**
 * BullMQ's own throughput counters (issue 13): each worker counts the jobs it finishes per minute in
 * Redis (a list of at most QUEUE_METRICS_POINTS numbers per queue, ~10 KB a day), so the Outreach page
 * reads a queue's throughput from a few numbers instead of loading completed jobs. Every worker of a
 * queue must use the same setting (BullMQ's rule), hence one definition here.
 */
export const QUEUE_METRICS_POINTS = 24 * MetricsTime.ONE_HOUR;
export const WORKER_METRICS: WorkerOptions["metrics"] = { maxDataPoints: QUEUE_METRICS_POINTS };

/**
 * The jobs finished in the last `windowMinutes` minutes before `nowMs` (wall clock), from
 * `queue.getMetrics(type, 0, windowMinutes - 1)`. BullMQ's layout (collectMetrics.lua): the jobs
 * finished since `meta.prevTS` (meta.count − meta.prevCount) all fall in prevTS's minute; `data[i]`
 * counts minute(prevTS) − 1 − i. Minutes are whole: a job at the start of the oldest minute counts.
 */
export function finishedInWindow(metrics: Metrics, nowMs: number, windowMinutes: number): number {
  if (!metrics.meta.prevTS) return 0;
  const k = Math.floor(nowMs / 60_000) - Math.floor(metrics.meta.prevTS / 60_000);
  if (k >= windowMinutes) return 0;
  const pending = Math.max(0, metrics.meta.count - metrics.meta.prevCount);
  const points = metrics.data.slice(0, Math.max(0, windowMinutes - 1 - k)).reduce((s, n) => s + n, 0);
  return pending + points;
}
