import { and, eq, isNull, lt, or } from "drizzle-orm";
import { schema, type Db } from "@casebook/db";
import type { Actor } from "../../context";
import { apiKeyPrefix, hashApiKey, sameHash } from "../temporary-secret";

const LAST_USE_RESOLUTION_MS = 60_000;

export interface ApiKeyIdentity {
  keyId: string;
  clientId: string;
  scopes: string[];
  actor: Actor;
}

/**
 * For the creditor API's edge: the client a presented key belongs to, or null (unknown, malformed,
 * revoked, or its client deactivated). Records the key's last use, which the admin sees, to the
 * minute: a write on every request would put every concurrent request of one key in line for the
 * same row (and cost a round trip per read).
 * The comparison is of hashes in constant time; the key itself is never stored or logged.
 */
export async function authenticateApiKey(db: Db, presented: string, now: Date): Promise<ApiKeyIdentity | null> {
  const prefix = apiKeyPrefix(presented);
  if (!prefix) return null;
  const [row] = await db.select({ id: schema.apiKeys.id, clientId: schema.apiKeys.clientId, keyHash: schema.apiKeys.keyHash, scopes: schema.apiKeys.scopes, lastUsedAt: schema.apiKeys.lastUsedAt })
    .from(schema.apiKeys).innerJoin(schema.clients, eq(schema.clients.id, schema.apiKeys.clientId))
    .where(and(eq(schema.apiKeys.prefix, prefix), isNull(schema.apiKeys.revokedAt), eq(schema.clients.active, true)));
  if (!row || !sameHash(row.keyHash, hashApiKey(presented))) return null;
  const staleBefore = new Date(now.getTime() - LAST_USE_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    await db.update(schema.apiKeys).set({ lastUsedAt: now })
      .where(and(eq(schema.apiKeys.id, row.id), or(isNull(schema.apiKeys.lastUsedAt), lt(schema.apiKeys.lastUsedAt, staleBefore))));
  }
  return { keyId: row.id, clientId: row.clientId, scopes: row.scopes, actor: { kind: "api", clientId: row.clientId, label: `api:${prefix}` } };
}
