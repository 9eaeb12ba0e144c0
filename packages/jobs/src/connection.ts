import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import { readJobsEnv, type JobsEnv } from "./env";

/** A standalone Redis, or a Redis Cluster (REDIS_CLUSTER_NODES): BullMQ takes either. */
export type RedisConnection = Redis | Cluster;

export interface ConnectionOptions {
  env?: JobsEnv;
  /** Shown in CLIENT LIST, so an operator can tell our connections apart. */
  name?: string;
}

/** One client from the environment: REDIS_URL, or a Cluster client over REDIS_CLUSTER_NODES whose
 *  nodes are all connected with REDIS_URL's credentials and TLS. */
export function connectRedis(env: Pick<JobsEnv, "REDIS_URL" | "REDIS_CLUSTER_NODES">, options: RedisOptions, cluster: ClusterOptions = {}): RedisConnection {
  if (!env.REDIS_CLUSTER_NODES) return new Redis(env.REDIS_URL, options);
  const url = new URL(env.REDIS_URL);
  const nodes = env.REDIS_CLUSTER_NODES.split(",").map((hp) => {
    const i = hp.lastIndexOf(":");
    return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
  });
  const redisOptions: RedisOptions = {
    ...options,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === "rediss:" ? { tls: {} } : {}),
  };
  return new Cluster(nodes, {
    redisOptions,
    // Options that ioredis reads at the cluster level, not per node.
    ...(options.maxRetriesPerRequest !== undefined ? { maxRetriesPerRequest: options.maxRetriesPerRequest } : {}),
    ...(options.enableOfflineQueue !== undefined ? { enableOfflineQueue: options.enableOfflineQueue } : {}),
    ...(options.enableReadyCheck !== undefined ? { enableReadyCheck: options.enableReadyCheck } : {}),
    ...(options.lazyConnect !== undefined ? { lazyConnect: options.lazyConnect } : {}),
    ...cluster,
  });
}

/**
 * Producers (the web, the sweep) fail fast: an enqueue while Redis is down must surface as an error
 * to the caller at once rather than hang a request behind an offline queue.
 */
export function createProducerConnection(options: ConnectionOptions = {}): RedisConnection {
  const env = options.env ?? readJobsEnv();
  return connectRedis(env, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 5_000,
    lazyConnect: false,
    connectionName: options.name ?? "casebook-producer",
  });
}

/** Workers block on Redis: BullMQ requires `maxRetriesPerRequest: null` and retries forever. */
export function createWorkerConnection(options: ConnectionOptions = {}): RedisConnection {
  const env = options.env ?? readJobsEnv();
  return connectRedis(env, {
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    connectionName: options.name ?? "casebook-worker",
  });
}

export function queuePrefix(env: JobsEnv = readJobsEnv()): string {
  return env.CASEBOOK_QUEUE_PREFIX;
}

/**
 * The prefix BullMQ is given for one queue: `<CASEBOOK_QUEUE_PREFIX>:{<queue>}`. The braces are a
 * Redis Cluster hash tag: every key of a queue hashes on its name alone, so a queue's keys live in
 * one slot (BullMQ's Lua scripts touch many keys of one queue at once, which a cluster allows only
 * within a slot), while different queues may live on different nodes. Harmless on a single Redis.
 * Every key still starts with `<CASEBOOK_QUEUE_PREFIX>:`, so deleteQueuePrefix finds them.
 */
export function bullPrefix(prefix: string, queue: string): string {
  return `${prefix}:{${queue}}`;
}
