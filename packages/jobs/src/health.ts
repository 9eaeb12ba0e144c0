import type { Producer } from "./producer";
import { ALL_QUEUES, type QueueName } from "./queues";

/** The job states /metrics reports per queue (BullMQ's getJobCounts). */
export const DEPTH_STATES = ["waiting", "prioritized", "active", "delayed", "failed"] as const;
export type DepthState = (typeof DEPTH_STATES)[number];

/** How many jobs each queue holds, by state: the queue depth an operator scales workers by. */
export async function queueDepths(producer: Producer, queues: QueueName[] = ALL_QUEUES): Promise<Array<{ queue: QueueName; state: DepthState; jobs: number }>> {
  const out: Array<{ queue: QueueName; state: DepthState; jobs: number }> = [];
  await Promise.all(
    queues.map(async (queue) => {
      const counts = await producer.queue(queue).getJobCounts(...DEPTH_STATES);
      for (const state of DEPTH_STATES) out.push({ queue, state, jobs: counts[state] ?? 0 });
    }),
  );
  return out;
}

/** Readiness: Redis answers a PING (through the producer's own connection) within `timeoutMs`. */
export async function redisReachable(producer: Producer, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      producer.connection.ping().then((r) => r === "PONG"),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
