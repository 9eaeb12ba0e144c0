import { and, asc, desc, eq } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { requireAdmin } from "../require-admin";

/** Admin actions whose history the user page shows (never sign-ins or case work: that is the audit log's). */
const ADMIN_ACTIONS = ["user.create", "user.change_role", "user.change_teams", "user.reset_password", "user.deactivate", "user.reactivate", "user.change_password"];

/** One staff user as the admin's user page shows them: account facts (no password hash) and the history
 *  of what admins did to the account. */
export async function getUserAdmin(ctx: DomainContext, userId: string) {
  requireAdmin(ctx.actor);
  const u = schema.users;
  const [user] = await ctx.db.select({
    id: u.id, email: u.email, name: u.name, role: u.role, teamId: u.teamId, team: schema.teams.name, staffNumber: u.staffNumber,
    locale: u.locale, timeZone: u.timeZone, active: u.active, passwordChangeRequired: u.passwordChangeRequired, lastLoginAt: u.lastLoginAt, createdAt: u.createdAt,
  }).from(u).leftJoin(schema.teams, eq(schema.teams.id, u.teamId)).where(eq(u.id, userId));
  if (!user) throw new NotFoundError("user", userId);
  const teams = await ctx.db.select({ id: schema.teams.id, name: schema.teams.name }).from(schema.userTeams)
    .innerJoin(schema.teams, eq(schema.teams.id, schema.userTeams.teamId)).where(eq(schema.userTeams.userId, userId)).orderBy(asc(schema.teams.name));
  const a = schema.auditEvents;
  const history = await ctx.db.select({ at: a.at, action: a.action, by: a.actorLabel, details: a.details }).from(a)
    .where(and(eq(a.entityType, "user"), eq(a.entityId, userId))).orderBy(desc(a.at), desc(a.id)).limit(50);
  return { user: { ...user, teams }, history: history.filter((h) => ADMIN_ACTIONS.includes(h.action)) };
}
