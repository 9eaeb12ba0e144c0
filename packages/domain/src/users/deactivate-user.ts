import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { parseInput } from "../parse-input";
import { ConflictError } from "../errors";
import { loadUserForAdmin, refuseSelf } from "./admin-user";
import { endUserSessions } from "./end-user-sessions";

export const DeactivateUser = z.object({ userId: z.uuid() });
export type DeactivateUser = z.infer<typeof DeactivateUser>;

/** A deactivated user is signed out everywhere at once, not when their token expires. */
export async function deactivateUser(ctx: DomainContext, input: DeactivateUser): Promise<void> {
  const p = parseInput(DeactivateUser, input);
  await ctx.db.transaction(async (tx) => {
    const user = await loadUserForAdmin(ctx, tx, p.userId);
    refuseSelf(ctx, p.userId);
    if (!user.active) throw new ConflictError("user_already_inactive");
    await tx.update(schema.users).set({ active: false }).where(eq(schema.users.id, p.userId));
    await endUserSessions(tx, p.userId);
    await writeAudit(tx, ctx.actor, { action: "user.deactivate", entityType: "user", entityId: p.userId }, ctx.now);
  });
}
