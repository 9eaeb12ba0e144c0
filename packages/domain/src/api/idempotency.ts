import { and, eq, lt, sql } from "drizzle-orm";
import { schema, type Db } from "@casebook/db";

export type IdempotencyStart =
  | { state: "new" }
  | { state: "replay"; status: number; response: unknown }
  | { state: "mismatch" }
  | { state: "in_progress" };

/** A first request that has not answered within this time crashed: its key may be taken over. */
const ABANDONED_MS = 60_000;

/**
 * Claims an Idempotency-Key for one client's POST. The first request with a key claims it (status
 * null); a later one with the same method, path and body hash gets the stored answer; one with another
 * fingerprint is a mismatch (the API answers 422), and one while the first is running is told to retry.
 */
export async function beginIdempotent(db: Db, clientId: string, key: string, fingerprint: { method: string; path: string; bodyHash: string }, now: Date): Promise<IdempotencyStart> {
  const t = schema.apiIdempotencyKeys;
  const claimed = await db.insert(t).values({ clientId, key, ...fingerprint, createdAt: now }).onConflictDoNothing().returning({ key: t.key });
  if (claimed.length) return { state: "new" };
  const [row] = await db.select().from(t).where(and(eq(t.clientId, clientId), eq(t.key, key)));
  if (!row) return beginIdempotent(db, clientId, key, fingerprint, now);
  if (row.method !== fingerprint.method || row.path !== fingerprint.path || row.bodyHash !== fingerprint.bodyHash) return { state: "mismatch" };
  if (row.status === null) {
    if (now.getTime() - row.createdAt.getTime() < ABANDONED_MS) return { state: "in_progress" };
    const taken = await db.update(t).set({ createdAt: now }).where(and(eq(t.clientId, clientId), eq(t.key, key), sql`${t.status} is null`, lt(t.createdAt, new Date(now.getTime() - ABANDONED_MS)))).returning({ key: t.key });
    return taken.length ? { state: "new" } : { state: "in_progress" };
  }
  return { state: "replay", status: row.status, response: row.response };
}

/** Stores the answer (every 2xx and 4xx: a replay gets the same one). */
export async function completeIdempotent(db: Db, clientId: string, key: string, status: number, response: unknown): Promise<void> {
  const t = schema.apiIdempotencyKeys;
  await db.update(t).set({ status, response }).where(and(eq(t.clientId, clientId), eq(t.key, key)));
}

/** Releases the key after a server error, so the client's retry runs again. */
export async function releaseIdempotent(db: Db, clientId: string, key: string): Promise<void> {
  const t = schema.apiIdempotencyKeys;
  await db.delete(t).where(and(eq(t.clientId, clientId), eq(t.key, key), sql`${t.status} is null`));
}
