import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { ConflictError, NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";
import { lockRows } from "../../locks/lock-rows";

export const RevokeApiKey = z.object({ keyId: z.uuid() });
export type RevokeApiKey = z.infer<typeof RevokeApiKey>;

/** A revoked key is refused from its next request on (authenticateApiKey reads revokedAt every time). */
export async function revokeApiKey(ctx: DomainContext, input: RevokeApiKey): Promise<void> {
  requireAdmin(ctx.actor);
  const p = parseInput(RevokeApiKey, input);
  await ctx.db.transaction(async (tx) => {
    await lockRows(tx, { apiKeys: [p.keyId] });
    const [key] = await tx.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, p.keyId));
    if (!key) throw new NotFoundError("api_key", p.keyId);
    if (key.revokedAt) throw new ConflictError("api_key_revoked");
    await tx.update(schema.apiKeys).set({ revokedAt: ctx.now }).where(eq(schema.apiKeys.id, p.keyId));
    await writeAudit(tx, ctx.actor, { action: "api_key.revoke", entityType: "api_key", entityId: p.keyId, details: { clientId: key.clientId, prefix: key.prefix } }, ctx.now);
  });
}
