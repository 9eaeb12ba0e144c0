import { eq } from "drizzle-orm";
import { z } from "zod";
import { hashPassword, schema, verifyPassword } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { requireUserActor } from "../cases/case-access";
import { endUserSessions } from "./end-user-sessions";

export const ChangeOwnPassword = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(12).max(200),
});
export type ChangeOwnPassword = z.infer<typeof ChangeOwnPassword>;

/** The user sets their own password (required after an admin created them or reset it): the temporary
 *  one the admin saw stops working, and so does every session opened with it. */
export async function changeOwnPassword(ctx: DomainContext, input: ChangeOwnPassword): Promise<void> {
  const actor = requireUserActor(ctx.actor);
  const p = parseInput(ChangeOwnPassword, input);
  if (p.newPassword === p.currentPassword) throw new ValidationError("newPassword", "password_same");
  const [user] = await ctx.db.select({ passwordHash: schema.users.passwordHash }).from(schema.users).where(eq(schema.users.id, actor.userId));
  if (!user) throw new NotFoundError("user", actor.userId);
  if (!(await verifyPassword(p.currentPassword, user.passwordHash))) throw new ValidationError("currentPassword", "password_wrong");
  const passwordHash = await hashPassword(p.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(schema.users).set({ passwordHash, passwordChangeRequired: false }).where(eq(schema.users.id, actor.userId));
    await endUserSessions(tx, actor.userId);
    await writeAudit(tx, ctx.actor, { action: "user.change_password", entityType: "user", entityId: actor.userId }, ctx.now);
  });
}
