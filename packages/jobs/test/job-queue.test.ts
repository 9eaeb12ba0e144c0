import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createProducer, deleteQueuePrefix, EnqueueTimeoutError, producerJobQueue, QUEUES } from "../src";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `cbtest-jobqueue-${randomBytes(4).toString("hex")}`;
const redis = new Redis(REDIS_URL);

afterAll(async () => {
  await deleteQueuePrefix(redis, prefix);
  await redis.quit();
});

/** A TCP server that accepts Redis connections and never answers: Redis on its worst day. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => { sockets.add(socket); socket.on("error", () => undefined); });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("the domain's queue port over a producer", () => {
  it("puts the agent's dispatch job in Redis under the step's id", async () => {
    const producer = createProducer({ env: { REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix } });
    const stepId = randomUUID();
    await producerJobQueue(producer).dispatchSteps([{ channel: "sms", stepId, version: 0 }]);
    const job = await producer.queue(QUEUES.dispatchSms).getJob(`step:${stepId}:0`);
    expect(job?.data).toEqual({ stepId, version: 0 });
    await producer.close();
  });

  it("an enqueue Redis never answers fails after the timeout instead of hanging the caller", async () => {
    const silent = await silentServer();
    const producer = createProducer({ env: { REDIS_URL: silent.url, CASEBOOK_QUEUE_PREFIX: prefix } });
    const started = performance.now();
    const error = await producerJobQueue(producer, { timeoutMs: 300 }).dispatchSteps([{ channel: "sms", stepId: randomUUID(), version: 0 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnqueueTimeoutError);
    expect(performance.now() - started).toBeLessThan(3_000);
    await Promise.race([producer.close(), new Promise((r) => setTimeout(r, 500))]);
    await silent.close();
  });

  it("an enqueue while Redis is unreachable rejects within the bound (the caller sees it)", async () => {
    const producer = createProducer({ env: { REDIS_URL: "redis://127.0.0.1:1", CASEBOOK_QUEUE_PREFIX: prefix } });
    await expect(producerJobQueue(producer, { timeoutMs: 2_000 }).dispatchBatches([{ channel: "email", stepId: randomUUID(), version: 0 }])).rejects.toBeInstanceOf(Error);
    await Promise.race([producer.close(), new Promise((r) => setTimeout(r, 500))]);
  });
});
