import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { bullPrefix, createProducer, deleteQueuePrefix, finishedInWindow, QUEUES, WORKER_METRICS, type Producer } from "@casebook/jobs";
import { ConflictError, ForbiddenError, getQueueHealth, retryFailedJob, type Actor, type DomainContext } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";

// The Outreach page's queue health is read from BullMQ itself, and a failed job is retried through
// BullMQ, audited. A real queue under a prefix of its own (the shared Redis is never flushed), a real
// worker whose job fails.
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test-queue-health-${randomBytes(4).toString("hex")}`;
let t: TestDatabase;
let producer: Producer;
let redis: Redis;
const supervisor: Actor = { kind: "user", userId: randomUUID(), role: "supervisor", teamId: randomUUID(), label: "supervisor@test" };
const agent: Actor = { kind: "user", userId: randomUUID(), role: "agent", teamId: randomUUID(), label: "agent@test" };
const ctx = (actor: Actor): DomainContext => testContext(t.db, actor, new Date());

beforeAll(async () => {
  t = await createTestDatabase();
  producer = createProducer({ env: { REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix } });
  redis = new Redis(REDIS_URL);
}, 120_000);
afterAll(async () => {
  await producer?.close();
  if (redis) {
    await deleteQueuePrefix(redis, prefix);
    await redis.quit();
  }
  await t?.drop();
});

describe("getQueueHealth and retryFailedJob", () => {
  it("reads counts from BullMQ and retries a failed job through it, audited", async () => {
    const q = producer.queue(QUEUES.maintenance);
    await q.add("reprioritise-cases", {}, { attempts: 1, jobId: "health-1" });
    await q.add("reprioritise-cases", {}, { jobId: "later-1", delay: 60_000 });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    let runs = 0;
    const worker = new Worker(QUEUES.maintenance, async () => {
      runs++;
      throw new Error("provider down (test)");
    }, { connection, prefix: bullPrefix(prefix, QUEUES.maintenance) });
    await expect.poll(async () => (await q.getJobCounts("failed")).failed, { timeout: 10_000 }).toBe(1);
    await worker.close();
    await connection.quit();

    const health = await getQueueHealth(ctx(supervisor), producer, Date.now());
    expect(health.queues.find((x) => x.queue === QUEUES.maintenance)).toMatchObject({ failed: 1, delayed: 1, waiting: 0, active: 0 });
    expect(health.queues.find((x) => x.queue === QUEUES.dispatchSms)).toMatchObject({ failed: 0, delayed: 0, waiting: 0, active: 0, completedRecently: 0 });
    expect(health.failedJobs).toEqual([expect.objectContaining({ queue: QUEUES.maintenance, id: "health-1", reason: "provider down (test)", attempts: 1 })]);
    expect(health.givenUp).toEqual({ total: 0, failed: 0, reconcile: 0, byChannel: {} });

    await retryFailedJob(ctx(supervisor), producer, { queue: QUEUES.maintenance, jobId: "health-1" });
    expect(await (await q.getJob("health-1"))!.getState()).toBe("waiting");
    await expect(retryFailedJob(ctx(supervisor), producer, { queue: QUEUES.maintenance, jobId: "health-1" })).rejects.toBeInstanceOf(ConflictError);
    const audits = await t.sql`select entity_id, details from audit_events where action = 'queue.retry'`;
    expect(audits).toEqual([expect.objectContaining({ entity_id: `${QUEUES.maintenance}:health-1` })]);
    expect(runs).toBe(1);
    await expect(getQueueHealth(ctx(agent), producer, Date.now())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(retryFailedJob(ctx(agent), producer, { queue: QUEUES.maintenance, jobId: "health-1" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("counts throughput from BullMQ's metrics (no completed job is loaded), over the window only", async () => {
    const q = producer.queue(QUEUES.caseEvents);
    for (let i = 0; i < 5; i++) await q.add("case-event", {}, { jobId: `done-${i}` });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker(QUEUES.caseEvents, async () => undefined, { connection, prefix: bullPrefix(prefix, QUEUES.caseEvents), metrics: WORKER_METRICS });
    await expect.poll(async () => (await q.getJobCounts("completed")).completed, { timeout: 10_000 }).toBe(5);
    await worker.close();
    await connection.quit();
    // The completed jobs are gone from Redis (as on a busy queue past its retention): throughput stays.
    await q.clean(0, 1_000, "completed");
    expect((await q.getJobCounts("completed")).completed).toBe(0);
    const health = await getQueueHealth(ctx(supervisor), producer, Date.now());
    expect(health.queues.find((x) => x.queue === QUEUES.caseEvents)?.completedRecently).toBe(5);
    // An hour later the same metrics are out of the 15-minute window.
    const later = await getQueueHealth(ctx(supervisor), producer, Date.now() + 3_600_000);
    expect(later.queues.find((x) => x.queue === QUEUES.caseEvents)?.completedRecently).toBe(0);
  });
});

describe("finishedInWindow (BullMQ's metrics layout)", () => {
  const t0 = Date.UTC(2026, 0, 1, 12, 0, 30);
  const m = (count: number, prevCount: number, prevTS: number, data: number[]) => ({ meta: { count, prevTS, prevCount }, data, count: data.length });
  it("adds the jobs since the last data point and the minutes inside the window", () => {
    // 3 jobs since prevTS (12:00), data[0] = 11:59, data[1] = 11:58 ...
    const metrics = m(20, 17, t0, [4, 6, 7]);
    expect(finishedInWindow(metrics, t0, 15)).toBe(3 + 4 + 6 + 7);
    expect(finishedInWindow(metrics, t0, 2)).toBe(3 + 4);
    expect(finishedInWindow(metrics, t0 + 60_000, 2)).toBe(3);
    expect(finishedInWindow(metrics, t0 + 2 * 60_000, 2)).toBe(0);
    expect(finishedInWindow(m(0, 0, 0, []), t0, 15)).toBe(0);
  });
});
