import { eq } from "drizzle-orm";
import { schema, type Tx } from "@casebook/db";
import type { DomainContext } from "../context";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { requireUserActor } from "../cases/case-access";
import { lockRows } from "../locks/lock-rows";

export type UserRow = typeof schema.users.$inferSelect;

/** The shared preamble of the admin's user verbs: only an admin, and the user must exist (locked). */
export async function loadUserForAdmin(ctx: DomainContext, tx: Tx, userId: string): Promise<UserRow> {
  const actor = requireUserActor(ctx.actor);
  if (actor.role !== "admin") throw new ForbiddenError("admin_only");
  // The user row through the one lock helper (locks/lock-rows.ts), then read under the lock.
  await lockRows(tx, { users: [userId] });
  const [user] = await tx.select().from(schema.users).where(eq(schema.users.id, userId));
  if (!user) throw new NotFoundError("user", userId);
  return user;
}

/** An admin may not deactivate or demote themselves: the last admin would lock everyone out of the
 *  console, and another admin can always do it for them. */
export function refuseSelf(ctx: DomainContext, userId: string): void {
  if (ctx.actor.kind === "user" && ctx.actor.userId === userId) throw new ConflictError("admin_self");
}
