import { Redis, type RedisOptions } from "ioredis";
import { readJobsEnv, type JobsEnv } from "./env";

export interface ConnectionOptions {
  env?: JobsEnv;
  /** Shown in CLIENT LIST, so an operator can tell our connections apart. */
  name?: string;
}

/**
 * Producers (the web, the sweep) fail fast: an enqueue while Redis is down must surface as an error
 * to the caller at once rather than hang a request behind an offline queue.
 */
export function createProducerConnection(options: ConnectionOptions = {}): Redis {
  const env = options.env ?? readJobsEnv();
  const extra: RedisOptions = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 5_000,
    lazyConnect: false,
    connectionName: options.name ?? "casebook-producer",
  };
  return new Redis(env.REDIS_URL, extra);
}

/** Workers block on Redis: BullMQ requires `maxRetriesPerRequest: null` and retries forever. */
export function createWorkerConnection(options: ConnectionOptions = {}): Redis {
  const env = options.env ?? readJobsEnv();
  return new Redis(env.REDIS_URL, {
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    connectionName: options.name ?? "casebook-worker",
  });
}

export function queuePrefix(env: JobsEnv = readJobsEnv()): string {
  return env.CASEBOOK_QUEUE_PREFIX;
}
