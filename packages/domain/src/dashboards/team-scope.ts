import type { Actor } from "../context";
import { inTeam } from "../cases/case-access";
import { ForbiddenError } from "../errors";
import { requireDashboardRole, SUPERVISOR_ROLES } from "./dashboard-access";

/**
 * The team a Team-page verb works in. A supervisor is bound to their own teams (as on the plan
 * approvals and the case screens): their primary team by default, any team they belong to on request
 * (issue 14); asking for another one is refused, not silently narrowed, so a forged request is
 * visible. An admin may choose any team, or all (null).
 */
export function teamScope(actor: Actor, requested: string | undefined): { actor: Extract<Actor, { kind: "user" }>; teamId: string | null } {
  const user = requireDashboardRole(actor, ...SUPERVISOR_ROLES);
  if (user.role === "admin") return { actor: user, teamId: requested ?? null };
  if (requested) {
    if (!inTeam(user, requested)) throw new ForbiddenError("team_scope");
    return { actor: user, teamId: requested };
  }
  if (!user.teamId) throw new ForbiddenError("team_scope");
  return { actor: user, teamId: user.teamId };
}
