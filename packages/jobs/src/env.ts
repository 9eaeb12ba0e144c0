import { z } from "zod";
import { parseEnv, type EnvSource } from "@casebook/config/env";

/** "host:port,host:port": the seed nodes of a Redis Cluster (any few of its masters suffice). */
const ClusterNodes = z
  .string()
  .trim()
  .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, "REDIS_CLUSTER_NODES: comma-separated host:port pairs (e.g. 10.0.0.1:6379,10.0.0.2:6379)");

const JobsEnv = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// URL").default("redis://127.0.0.1:6379"),
  /**
   * Set: Redis is a cluster, reached through these seed nodes (ioredis' Cluster client); REDIS_URL
   * then gives only the credentials and TLS (rediss://) every node is connected with.
   */
  REDIS_CLUSTER_NODES: z.preprocess((v) => (v === "" ? undefined : v), ClusterNodes.optional()),
  /** Every key this process writes starts with it: tests and benches use a unique prefix per run. */
  CASEBOOK_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "CASEBOOK_QUEUE_PREFIX: 1-64 characters of [A-Za-z0-9_.-]")
    .default("casebook"),
});
export type JobsEnv = z.infer<typeof JobsEnv>;

export function readJobsEnv(source: EnvSource = process.env): JobsEnv {
  return parseEnv(JobsEnv, source);
}
