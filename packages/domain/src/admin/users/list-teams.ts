import { asc, count, eq, sql } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { requireAdmin } from "../require-admin";

/** Teams with their queue: members and open cases (no personal data). */
export async function listTeams(ctx: DomainContext) {
  requireAdmin(ctx.actor);
  const members = ctx.db.select({ teamId: schema.users.teamId, n: count().as("members") }).from(schema.users)
    .where(eq(schema.users.active, true)).groupBy(schema.users.teamId).as("m");
  const open = ctx.db.select({ teamId: schema.cases.teamId, n: count().as("open_cases") }).from(schema.cases)
    .where(eq(schema.cases.status, "open")).groupBy(schema.cases.teamId).as("o");
  return ctx.db.select({
    id: schema.teams.id, name: schema.teams.name,
    members: sql<number>`coalesce(${members.n}, 0)`.mapWith(Number), openCases: sql<number>`coalesce(${open.n}, 0)`.mapWith(Number),
  }).from(schema.teams).leftJoin(members, eq(members.teamId, schema.teams.id)).leftJoin(open, eq(open.teamId, schema.teams.id))
    .orderBy(asc(schema.teams.name));
}
