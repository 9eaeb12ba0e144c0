import { asc, eq } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { ForbiddenError } from "../errors";
import { requireUserActor } from "../cases/case-access";

/** The admin's users list. */
export async function listUsers(ctx: DomainContext) {
  const actor = requireUserActor(ctx.actor);
  if (actor.role !== "admin") throw new ForbiddenError("admin_only");
  return ctx.db.select({
    id: schema.users.id, email: schema.users.email, name: schema.users.name, role: schema.users.role, staffNumber: schema.users.staffNumber,
    team: schema.teams.name, locale: schema.users.locale, active: schema.users.active, lastLoginAt: schema.users.lastLoginAt,
  }).from(schema.users).leftJoin(schema.teams, eq(schema.teams.id, schema.users.teamId)).orderBy(asc(schema.users.email));
}
