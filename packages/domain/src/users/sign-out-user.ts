import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { requireUserActor } from "../cases/case-access";
import { endUserSessions } from "./end-user-sessions";

/** Sign-out ends every session of the user, not only this browser's: a token copied elsewhere dies too. */
export async function signOutUser(ctx: DomainContext): Promise<void> {
  const actor = requireUserActor(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    await endUserSessions(tx, actor.userId);
    await writeAudit(tx, ctx.actor, { action: "user.sign_out", entityType: "user", entityId: actor.userId }, ctx.now);
  });
}
