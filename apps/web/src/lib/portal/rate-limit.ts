import "server-only";
import { createHash } from "node:crypto";
import { headers } from "next/headers";
import { clientIp } from "@casebook/auth";
import { createProducerConnection, createRateLimiter, type RateLimiter } from "@casebook/jobs";

const limiters = new Map<string, RateLimiter>();
let connection: ReturnType<typeof createProducerConnection> | undefined;

/** One limiter per name and server process, over one Redis connection (shared across instances by Redis). */
function limiter(name: string, points: number, durationSeconds: number): RateLimiter {
  let l = limiters.get(name);
  if (!l) {
    connection ??= createProducerConnection({ name: "casebook-web-ratelimit" });
    l = createRateLimiter(connection, { name, points, durationSeconds });
    limiters.set(name, l);
  }
  return l;
}

/**
 * Counts one attempt of `what` from the request's client address (the real peer, behind configured
 * proxies only): true while within `limit` per `windowSeconds`. The address is hashed into the key, never
 * stored as it is. Redis down: refused (fail closed), a public form is not left unlimited.
 */
export async function withinRate(what: string, limit: number, windowSeconds: number): Promise<boolean> {
  const ip = clientIp(await headers()) ?? "unknown";
  try {
    return (await limiter(what, limit, windowSeconds).consume(createHash("sha256").update(ip).digest("hex").slice(0, 32))).allowed;
  } catch {
    return false;
  }
}
