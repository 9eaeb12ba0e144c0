import type { Redis } from "ioredis";

/** Deletes every key under one queue prefix, and only those: tests and benchmarks clean up their own
 *  run this way, never with FLUSHALL (other runs and the product share this Redis). */
export async function deleteQueuePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 5000);
    cursor = next;
    if (keys.length) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}
