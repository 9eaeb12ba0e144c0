import type { Cluster, Redis } from "ioredis";
import type { RedisConnection } from "./connection";

/** Deletes every key under one queue prefix, and only those: tests and benchmarks clean up their own
 *  run this way, never with FLUSHALL (other runs and the product share this Redis). On a cluster,
 *  SCAN sees one node's keys: each master is scanned, and its keys unlinked on that node one at a
 *  time (a multi-key UNLINK across slots is refused). */
export async function deleteQueuePrefix(redis: RedisConnection, prefix: string): Promise<number> {
  const cluster = redis.isCluster;
  const nodes: Redis[] = cluster ? (redis as Cluster).nodes("master") : [redis as Redis];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 5000);
      cursor = next;
      if (!keys.length) continue;
      if (!cluster) deleted += await node.unlink(...keys);
      else for (const key of keys) deleted += await node.unlink(key);
    } while (cursor !== "0");
  }
  return deleted;
}
