import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { queuePrefix, type RedisConnection } from "./connection";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window frees a request (Retry-After). */
  resetSeconds: number;
}

export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
}

/** Waits (at most `ms`) for a connection made with `enableOfflineQueue: false` to be ready: a command
 *  sent before then fails at once, which a fail-closed caller would answer as "too many requests" — the
 *  first check after every start of the web (a debtor's first /verify) was refused so. */
export async function redisReady(redis: RedisConnection, ms = 3_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off("ready", onReady);
      reject(new Error(`redis not ready after ${ms} ms (${redis.status})`));
    }, ms);
    redis.once("ready", onReady);
  });
}

/**
 * A fixed window per key in Redis (rate-limiter-flexible: one atomic INCR + PEXPIRE per request, shared
 * by every web instance), under this process's key prefix. Redis down is an error for the caller to
 * answer (the API refuses with 503 rather than serve unlimited).
 */
export function createRateLimiter(redis: RedisConnection, options: { name: string; points: number; durationSeconds: number; prefix?: string }): RateLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${options.prefix ?? queuePrefix()}:rate:${options.name}`,
    points: options.points,
    duration: options.durationSeconds,
  });
  const decision = (res: RateLimiterRes, allowed: boolean): RateLimitDecision => ({
    allowed, limit: options.points, remaining: Math.max(0, res.remainingPoints), resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });
  return {
    async consume(key) {
      await redisReady(redis);
      try {
        return decision(await limiter.consume(key, 1), true);
      } catch (error) {
        if (error instanceof RateLimiterRes) return decision(error, false);
        throw error;
      }
    },
  };
}
