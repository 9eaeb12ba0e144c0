import { createProducerConnection, createRateLimiter, type RateLimiter } from "@casebook/jobs";
import { readApiEnv } from "./env";

let limiter: (RateLimiter & { close(): Promise<void> }) | undefined;

/** The API's limiter per key, over one Redis connection per server process (built on first use). */
export function apiRateLimiter(): RateLimiter {
  if (!limiter) {
    const env = readApiEnv();
    const redis = createProducerConnection({ name: "casebook-api-rate" });
    const inner = createRateLimiter(redis, { name: "api-v1", points: env.API_RATE_LIMIT, durationSeconds: env.API_RATE_WINDOW_SECONDS });
    // A fail-fast connection refuses commands until it is ready: the first request waits for it (5 s at most).
    const ready = redis.status === "ready" ? Promise.resolve() : new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("redis not ready")), 5_000);
      redis.once("ready", () => { clearTimeout(timer); resolve(); });
    });
    ready.catch(() => {});
    limiter = { consume: async (key) => { await ready; return inner.consume(key); }, close: async () => void (await redis.quit()) };
  }
  return limiter;
}

/** For tests and shutdown: closes the limiter's connection. */
export async function closeApiRateLimiter(): Promise<void> {
  await limiter?.close();
  limiter = undefined;
}
