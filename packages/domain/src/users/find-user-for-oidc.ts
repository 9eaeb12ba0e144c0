import { eq } from "drizzle-orm";
import { schema, type Db } from "@casebook/db";
import { readUserTeamIds, toSessionUser, type SessionUser } from "./authenticate-user";

/** OIDC sign-in maps the provider's verified email to an existing, active user: no self-registration. */
export async function findUserForOidc(db: Db, email: string): Promise<SessionUser | null> {
  const [user] = await db.select().from(schema.users).where(eq(schema.users.email, email.trim().toLowerCase()));
  return user && user.active ? toSessionUser(user, await readUserTeamIds(db, user.id)) : null;
}

export async function getSessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  const [user] = await db.select().from(schema.users).where(eq(schema.users.id, userId));
  return user && user.active ? toSessionUser(user, await readUserTeamIds(db, user.id)) : null;
}
