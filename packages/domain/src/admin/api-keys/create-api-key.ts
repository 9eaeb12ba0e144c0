import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";
import { generateApiKey } from "../temporary-secret";

/** What a client's key may do through the creditor API: place and recall accounts, read its accounts, payments and reports. */
export const API_SCOPES = ["accounts:write", "accounts:read", "payments:read", "reports:read"] as const;

export const CreateApiKey = z.object({
  clientId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_SCOPES)).min(1, "scope_required").transform((s) => [...new Set(s)].sort()),
});
export type CreateApiKey = z.input<typeof CreateApiKey>;

/** A key for one client (a key never reaches another client's accounts). The key is returned once, to
 *  show to the admin; only its SHA-256 and its prefix are stored. */
export async function createApiKey(ctx: DomainContext, input: CreateApiKey): Promise<{ keyId: string; key: string; prefix: string }> {
  const actor = requireAdmin(ctx.actor);
  const p = parseInput(CreateApiKey, input);
  const { key, prefix, hash } = generateApiKey();
  return ctx.db.transaction(async (tx) => {
    const [client] = await tx.select({ id: schema.clients.id }).from(schema.clients).where(and(eq(schema.clients.id, p.clientId), eq(schema.clients.active, true)));
    if (!client) throw new NotFoundError("client", p.clientId);
    const [row] = await tx.insert(schema.apiKeys).values({
      clientId: p.clientId, name: p.name, prefix, keyHash: hash, scopes: p.scopes, createdBy: actor.userId, createdAt: ctx.now,
    }).returning({ id: schema.apiKeys.id });
    await writeAudit(tx, ctx.actor, { action: "api_key.create", entityType: "api_key", entityId: row!.id, details: { clientId: p.clientId, prefix, scopes: p.scopes } }, ctx.now);
    return { keyId: row!.id, key, prefix };
  });
}
