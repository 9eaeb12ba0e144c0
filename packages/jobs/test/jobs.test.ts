import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import {
  BATCH_DUE_SPAN_MS,
  createProducer,
  createProducerConnection,
  DispatchStepPayload,
  dueBatches,
  enqueueDispatchBatches,
  enqueueDispatchSteps,
  jobId,
  QUEUES,
  readDeadLetters,
  recordDeadLetter,
} from "../src";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `cbtest-jobs-${randomBytes(4).toString("hex")}`;
const env = { REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix };
const redis = new Redis(REDIS_URL);

afterAll(async () => {
  // Only this run's keys: others share this Redis.
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe("jobs contracts", () => {
  it("job ids are <kind>:<id>:<version> and refuse a ':' inside a part", () => {
    expect(jobId("step", "abc", 2)).toBe("step:abc:2");
    expect(() => jobId("step", "a:b", 1)).toThrow();
  });

  it("payloads carry ids only: unknown fields (a phone number) are dropped, a bad id is refused", () => {
    const id = randomUUID();
    expect(DispatchStepPayload.parse({ stepId: id, version: 0, phone: "+17185550100" })).toEqual({ stepId: id, version: 0 });
    expect(DispatchStepPayload.safeParse({ stepId: "not-a-uuid", version: 0 }).success).toBe(false);
  });

  it("an enqueue repeated by a retried sweep is a no-op; retention is bounded", async () => {
    const producer = createProducer({ env });
    const stepId = randomUUID();
    await enqueueDispatchSteps(producer, [{ channel: "sms", stepId, version: 0 }]);
    await enqueueDispatchSteps(producer, [{ channel: "sms", stepId, version: 0 }]);
    await enqueueDispatchSteps(producer, [{ channel: "call", stepId: randomUUID(), version: 0 }]);
    const sms = producer.queue(QUEUES.dispatchSms);
    expect(await sms.getWaitingCount()).toBe(1);
    const job = await sms.getJob(`step:${stepId}:0`);
    expect(job?.data).toEqual({ stepId, version: 0 });
    expect(job?.opts.removeOnComplete).toEqual({ count: 1_000, age: 86_400 });
    expect(job?.opts.attempts).toBeGreaterThan(1);
    expect(await producer.queue(QUEUES.dispatchVoice).getWaitingCount()).toBe(1);
    await producer.close();
  });

  it("the sweep's batches: steps already due go at once in full batches; steps due later wait in Redis until their last step is due, a batch spanning at most BATCH_DUE_SPAN_MS of due instants (issue 15)", async () => {
    const producer = createProducer({ env });
    const step = (dueInMs: number) => ({ channel: "email" as const, stepId: randomUUID(), version: 0, dueInMs });
    const now = Array.from({ length: 150 }, () => step(0));
    // 30 a second for 2 s: one job would otherwise hold all 60, its first step waiting 2 s for its last.
    const later = Array.from({ length: 60 }, (_, i) => step(1_000 + Math.round(i * (1000 / 30))));
    const jobs = await enqueueDispatchBatches(producer, [...later, ...now]);
    const email = producer.queue(QUEUES.dispatchEmail);
    const waiting = await email.getWaiting();
    expect(waiting.map((j) => (j.data as { steps: unknown[] }).steps.length).sort((a, b) => a - b)).toEqual([50, 100]);
    const delayed = await email.getDelayed();
    expect(jobs).toBe(2 + delayed.length);
    const dueOf = new Map<string, number>(later.map((st) => [st.stepId, st.dueInMs]));
    for (const job of delayed) {
      const dues = (job.data as { steps: Array<{ stepId: string }> }).steps.map((st) => dueOf.get(st.stepId)!);
      expect(Math.max(...dues) - Math.min(...dues)).toBeLessThanOrEqual(BATCH_DUE_SPAN_MS);
      // Delayed until its last step is due: none starts early, the first waits at most the span.
      expect(job.opts.delay).toBe(Math.max(...dues));
    }
    expect(delayed.flatMap((j) => (j.data as { steps: Array<{ stepId: string }> }).steps.map((st) => st.stepId)).sort()).toEqual(later.map((st) => st.stepId).sort());
    await producer.close();
  });

  it("dueBatches cuts by size, and by the span of due instants only for steps not yet due", () => {
    const at = (ms: number[]) => ms.map((dueInMs) => ({ dueInMs }));
    expect(dueBatches(at([0, 0, 0, 0, 0]), 2, 250).map((b) => b.length)).toEqual([2, 2, 1]);
    expect(dueBatches(at([900, 0, 100, 300, 400, 600]), 100, 250).map((b) => b.map((x) => x.dueInMs))).toEqual([[0, 100], [300, 400], [600], [900]]);
  });

  it("a producer connection fails fast when Redis is unreachable", async () => {
    const conn = createProducerConnection({ env: { REDIS_URL: "redis://127.0.0.1:1", CASEBOOK_QUEUE_PREFIX: prefix } });
    conn.on("error", () => {});
    const started = Date.now();
    await expect(conn.ping()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    conn.disconnect();
  });

  it("dead letters are kept, newest first", async () => {
    const entry = { queue: "dispatch-sms", jobName: "dispatch-step", jobId: "step:x:0", data: { stepId: randomUUID(), version: 0 }, error: "Error: boom", attemptsMade: 6, failedAt: new Date().toISOString() };
    await recordDeadLetter(redis, prefix, entry);
    await recordDeadLetter(redis, prefix, { ...entry, jobId: "step:y:0" });
    const letters = await readDeadLetters(redis, prefix);
    expect(letters.map((l) => l.jobId)).toEqual(["step:y:0", "step:x:0"]);
  });
});
