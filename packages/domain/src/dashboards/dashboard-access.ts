import type { Actor, Role } from "../context";
import { ForbiddenError } from "../errors";

/** Dashboards are for the floor's managers; the evidence room for compliance. Checked in every verb
 *  (not only in the page) so a route or a script that forgets its guard still gets nothing. */
export function requireDashboardRole(actor: Actor, ...roles: Role[]): Extract<Actor, { kind: "user" }> {
  if (actor.kind !== "user" || !roles.includes(actor.role)) throw new ForbiddenError("dashboard_role_required");
  return actor;
}

export const SUPERVISOR_ROLES: Role[] = ["supervisor", "admin"];
export const COMPLIANCE_ROLES: Role[] = ["compliance", "admin"];
