import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createProducerConnection, createRateLimiter, readJobsEnv } from "../src";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `cbtest-rate-${randomBytes(4).toString("hex")}`;
const redis = new Redis(REDIS_URL);

afterAll(async () => {
  // Only this run's keys: others share this Redis.
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe("rate limiter", () => {
  it("the first check on a connection just made counts (the offline queue is off: it waits for ready), and the limit holds", async () => {
    const connection = createProducerConnection({ env: readJobsEnv({ REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix }), name: "rate-test" });
    try {
      const limiter = createRateLimiter(connection, { name: "first", points: 2, durationSeconds: 60, prefix });
      expect((await limiter.consume("k")).allowed).toBe(true);
      expect((await limiter.consume("k")).allowed).toBe(true);
      expect((await limiter.consume("k")).allowed).toBe(false);
    } finally {
      connection.disconnect();
    }
  });
});
