import { and, eq, isNull } from "drizzle-orm";
import { schema, type Db } from "@casebook/db";
import type { Actor } from "../../context";
import { apiKeyPrefix, hashApiKey, sameHash } from "../temporary-secret";

export interface ApiKeyIdentity {
  keyId: string;
  clientId: string;
  scopes: string[];
  actor: Actor;
}

/**
 * For the creditor API's edge: the client a presented key belongs to, or null (unknown, malformed,
 * revoked, or its client deactivated). Records the key's last use, which the admin sees.
 * The comparison is of hashes in constant time; the key itself is never stored or logged.
 */
export async function authenticateApiKey(db: Db, presented: string, now: Date): Promise<ApiKeyIdentity | null> {
  const prefix = apiKeyPrefix(presented);
  if (!prefix) return null;
  const [row] = await db.select({ id: schema.apiKeys.id, clientId: schema.apiKeys.clientId, keyHash: schema.apiKeys.keyHash, scopes: schema.apiKeys.scopes })
    .from(schema.apiKeys).innerJoin(schema.clients, eq(schema.clients.id, schema.apiKeys.clientId))
    .where(and(eq(schema.apiKeys.prefix, prefix), isNull(schema.apiKeys.revokedAt), eq(schema.clients.active, true)));
  if (!row || !sameHash(row.keyHash, hashApiKey(presented))) return null;
  await db.update(schema.apiKeys).set({ lastUsedAt: now }).where(eq(schema.apiKeys.id, row.id));
  return { keyId: row.id, clientId: row.clientId, scopes: row.scopes, actor: { kind: "api", clientId: row.clientId, label: `api:${prefix}` } };
}
