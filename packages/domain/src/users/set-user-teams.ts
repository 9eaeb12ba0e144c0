import { and, eq, inArray, notInArray } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { loadUserForAdmin } from "./admin-user";
import { readUserTeamIds } from "./authenticate-user";
import { endUserSessions } from "./end-user-sessions";

export const SetUserTeams = z.object({
  userId: z.uuid(),
  /** Every team the user works in (issue 14); the first is the primary team unless the current one stays. */
  teamIds: z.array(z.uuid()).max(50),
});
export type SetUserTeams = z.input<typeof SetUserTeams>;

/**
 * The teams a user works in, all at once: their queues, case access and team pages follow every
 * membership. The primary team (users.team_id) stays when it is still among them, else becomes the first
 * one. Agents and supervisors keep at least one team. Ends the user's sessions (a team change, like a role
 * change, takes effect at once) and is audited with the before and after.
 */
export async function setUserTeams(ctx: DomainContext, input: SetUserTeams): Promise<{ teamIds: string[]; primaryTeamId: string | null }> {
  const p = parseInput(SetUserTeams, input);
  const teamIds = [...new Set(p.teamIds)];
  return ctx.db.transaction(async (tx) => {
    const before = await loadUserForAdmin(ctx, tx, p.userId);
    if ((before.role === "agent" || before.role === "supervisor") && teamIds.length === 0) throw new ValidationError("teamIds", "team_required");
    if (teamIds.length > 0) {
      const found = await tx.select({ id: schema.teams.id }).from(schema.teams).where(inArray(schema.teams.id, teamIds));
      const known = new Set(found.map((t) => t.id));
      const missing = teamIds.find((id) => !known.has(id));
      if (missing) throw new NotFoundError("team", missing);
    }
    const beforeTeams = await readUserTeamIds(tx, p.userId);
    const primaryTeamId = before.teamId && teamIds.includes(before.teamId) ? before.teamId : (teamIds[0] ?? null);
    if (teamIds.length === 0) await tx.delete(schema.userTeams).where(eq(schema.userTeams.userId, p.userId));
    else await tx.delete(schema.userTeams).where(and(eq(schema.userTeams.userId, p.userId), notInArray(schema.userTeams.teamId, teamIds)));
    if (teamIds.length > 0) await tx.insert(schema.userTeams).values(teamIds.map((teamId) => ({ userId: p.userId, teamId, createdAt: ctx.now }))).onConflictDoNothing();
    if (primaryTeamId !== before.teamId) await tx.update(schema.users).set({ teamId: primaryTeamId }).where(eq(schema.users.id, p.userId));
    await endUserSessions(tx, p.userId);
    const after = [...teamIds].sort();
    await writeAudit(tx, ctx.actor, {
      action: "user.change_teams", entityType: "user", entityId: p.userId,
      details: { from: { teamIds: beforeTeams, primaryTeamId: before.teamId }, to: { teamIds: after, primaryTeamId } },
    }, ctx.now);
    return { teamIds: after, primaryTeamId };
  });
}
