import { and, asc, count, eq, isNull, lte, sql } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { requireAdmin } from "../require-admin";

/** A team with its members and its queue: open cases by queue, those nobody owns yet, callbacks due.
 *  Counts only: the admin manages the team, the cases are its agents' and supervisor's to open. */
export async function getTeamAdmin(ctx: DomainContext, teamId: string) {
  requireAdmin(ctx.actor);
  const [team] = await ctx.db.select({ id: schema.teams.id, name: schema.teams.name }).from(schema.teams).where(eq(schema.teams.id, teamId));
  if (!team) throw new NotFoundError("team", teamId);
  const u = schema.users;
  const members = await ctx.db.select({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, staffNumber: u.staffNumber })
    .from(u).innerJoin(schema.userTeams, and(eq(schema.userTeams.userId, u.id), eq(schema.userTeams.teamId, teamId))).orderBy(asc(u.role), asc(u.email));
  const c = schema.cases;
  const open = and(eq(c.teamId, teamId), eq(c.status, "open"));
  const byQueue = await ctx.db.select({ queue: c.queue, n: count() }).from(c).where(open).groupBy(c.queue).orderBy(asc(c.queue));
  const [facts] = await ctx.db.select({
    unowned: sql<number>`count(*) filter (where ${isNull(c.ownerUserId)})`.mapWith(Number),
    callbacksDue: sql<number>`count(*) filter (where ${lte(c.callbackAt, ctx.now)})`.mapWith(Number),
  }).from(c).where(open);
  const openCases = byQueue.reduce((n, q) => n + q.n, 0);
  return { team, members, queue: { openCases, byQueue, unowned: facts?.unowned ?? 0, callbacksDue: facts?.callbacksDue ?? 0 } };
}
