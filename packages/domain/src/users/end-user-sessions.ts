import { eq, sql } from "drizzle-orm";
import { schema, type Db, type DbOrTx } from "@casebook/db";
import { readUserTeamIds, toSessionUser, type SessionUser } from "./authenticate-user";

/** Ends every session of a user at once: each session token carries the session version it was
 *  issued under, and one that no longer matches is refused on its next request (issue 10). Called in
 *  the transaction of the change that ends them (sign-out, deactivation, role change, password reset). */
export async function endUserSessions(tx: DbOrTx, userId: string): Promise<number> {
  const [row] = await tx.update(schema.users).set({ sessionVersion: sql`${schema.users.sessionVersion} + 1` })
    .where(eq(schema.users.id, userId)).returning({ sessionVersion: schema.users.sessionVersion });
  return row?.sessionVersion ?? 0;
}

/** The user of a session token, as the database says now: null when the user is gone, deactivated,
 *  or the token's session version is no longer current. Asked on every request that reads or changes
 *  data, and by the session endpoint, so a revoked session is never extended. */
export async function resolveSessionUser(db: Db, token: { id: string; sessionVersion: number | undefined }): Promise<SessionUser | null> {
  if (typeof token.sessionVersion !== "number") return null;
  const [user] = await db.select().from(schema.users).where(eq(schema.users.id, token.id));
  if (!user || !user.active || user.sessionVersion !== token.sessionVersion) return null;
  return toSessionUser(user, await readUserTeamIds(db, user.id));
}
