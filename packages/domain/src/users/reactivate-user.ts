import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError } from "../errors";
import { parseInput } from "../parse-input";
import { loadUserForAdmin } from "./admin-user";

export const ReactivateUser = z.object({ userId: z.uuid() });
export type ReactivateUser = z.infer<typeof ReactivateUser>;

/** Undoes a deactivation. No session comes back: the ones that were open were ended for good
 *  (their session version is stale), so the user signs in again. */
export async function reactivateUser(ctx: DomainContext, input: ReactivateUser): Promise<void> {
  const p = parseInput(ReactivateUser, input);
  await ctx.db.transaction(async (tx) => {
    const user = await loadUserForAdmin(ctx, tx, p.userId);
    if (user.active) throw new ConflictError("user_already_active");
    await tx.update(schema.users).set({ active: true }).where(eq(schema.users.id, p.userId));
    await writeAudit(tx, ctx.actor, { action: "user.reactivate", entityType: "user", entityId: p.userId }, ctx.now);
  });
}
