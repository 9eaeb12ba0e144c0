import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { loadUserForAdmin, refuseSelf } from "./admin-user";
import { endUserSessions } from "./end-user-sessions";

export const ChangeUserRole = z.object({
  userId: z.uuid(),
  role: z.enum(["agent", "supervisor", "compliance", "admin"]),
  /** Absent: the team stays; null: no team (compliance officers and admins only). */
  teamId: z.uuid().nullable().optional(),
});
export type ChangeUserRole = z.infer<typeof ChangeUserRole>;

/** A new role or team takes effect at once: the sessions issued under the old one end. */
export async function changeUserRole(ctx: DomainContext, input: ChangeUserRole): Promise<void> {
  const p = parseInput(ChangeUserRole, input);
  await ctx.db.transaction(async (tx) => {
    const before = await loadUserForAdmin(ctx, tx, p.userId);
    refuseSelf(ctx, p.userId);
    const teamId = p.teamId === undefined ? before.teamId : p.teamId;
    // Agents and supervisors work a team's queue (as createUser requires).
    if ((p.role === "agent" || p.role === "supervisor") && !teamId) throw new ValidationError("teamId", "team_required");
    if (teamId && teamId !== before.teamId) {
      const [team] = await tx.select({ id: schema.teams.id }).from(schema.teams).where(eq(schema.teams.id, teamId));
      if (!team) throw new NotFoundError("team", teamId);
    }
    await tx.update(schema.users).set({ role: p.role, teamId }).where(eq(schema.users.id, p.userId));
    // A new primary team moves the user out of the old one (other memberships stay: setUserTeams); no team, no memberships.
    if (teamId !== before.teamId && before.teamId) {
      await tx.delete(schema.userTeams).where(teamId ? and(eq(schema.userTeams.userId, p.userId), eq(schema.userTeams.teamId, before.teamId)) : eq(schema.userTeams.userId, p.userId));
    }
    await endUserSessions(tx, p.userId);
    await writeAudit(tx, ctx.actor, {
      action: "user.change_role", entityType: "user", entityId: p.userId,
      details: { from: { role: before.role, teamId: before.teamId }, to: { role: p.role, teamId } },
    }, ctx.now);
  });
}
