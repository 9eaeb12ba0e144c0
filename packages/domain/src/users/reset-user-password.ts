import { eq } from "drizzle-orm";
import { z } from "zod";
import { hashPassword, schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { parseInput } from "../parse-input";
import { generateTemporaryPassword } from "../admin/temporary-secret";
import { loadUserForAdmin } from "./admin-user";
import { endUserSessions } from "./end-user-sessions";

/** Without a password the verb makes a temporary one (the console's way: the admin never chooses it). */
export const ResetUserPassword = z.object({ userId: z.uuid(), password: z.string().min(12).max(200).optional() });
export type ResetUserPassword = z.infer<typeof ResetUserPassword>;

/** A reset password ends every session opened with the old one (it may be the one that leaked). The
 *  temporary password is returned once, to show the admin; it is never stored in clear nor audited. */
export async function resetUserPassword(ctx: DomainContext, input: ResetUserPassword): Promise<{ temporaryPassword: string }> {
  const p = parseInput(ResetUserPassword, input);
  const temporaryPassword = p.password ?? generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await ctx.db.transaction(async (tx) => {
    await loadUserForAdmin(ctx, tx, p.userId);
    // The user sets their own at next sign-in (issue 14): the admin knows this one.
    await tx.update(schema.users).set({ passwordHash, passwordChangeRequired: true }).where(eq(schema.users.id, p.userId));
    await endUserSessions(tx, p.userId);
    await writeAudit(tx, ctx.actor, { action: "user.reset_password", entityType: "user", entityId: p.userId }, ctx.now);
  });
  return { temporaryPassword };
}
