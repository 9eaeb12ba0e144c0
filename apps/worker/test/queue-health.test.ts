import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { createProducer, deleteQueuePrefix, QUEUES, type Producer } from "@casebook/jobs";
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
    }, { connection, prefix });
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
});
