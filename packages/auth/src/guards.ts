import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import type { Actor, Role, SessionUser } from "@casebook/domain";
import { clientIp } from "./request-ip";

/** The guards over one Auth.js instance (createAuth): every page, action and route starts with one. */
export function createGuards(session: () => Promise<unknown>) {
  async function currentUser(): Promise<SessionUser | null> {
    const user = ((await session()) as { user?: SessionUser } | null)?.user;
    return user && user.id && user.role ? user : null;
  }

  /** Every page, server action and route handler starts here: no session, no data. A user still holding
   *  the temporary password an admin handed over sees nothing but the page where they set their own. */
  async function requireUser(): Promise<SessionUser> {
    const user = await currentUser();
    if (!user) redirect("/login");
    if (user.passwordChangeRequired) redirect("/account/password");
    return user;
  }

  /** The password page and its action only: the one place a user with a temporary password may enter. */
  async function requireUserForPasswordChange(): Promise<SessionUser> {
    const user = await currentUser();
    if (!user) redirect("/login");
    return user;
  }

  /** Role check on the server; the wrong role gets 403 (next/navigation forbidden()). */
  async function requireRole(...roles: Role[]): Promise<SessionUser> {
    const user = await requireUser();
    if (!roles.includes(user.role)) forbidden();
    return user;
  }

  /** For route handlers: answers 401/403 as JSON instead of redirecting. */
  async function userForApi(...roles: Role[]): Promise<{ user: SessionUser } | { response: Response }> {
    const user = await currentUser();
    if (!user) return { response: Response.json({ error: "unauthenticated" }, { status: 401 }) };
    if (user.passwordChangeRequired) return { response: Response.json({ error: "password_change_required" }, { status: 403 }) };
    if (roles.length && !roles.includes(user.role)) return { response: Response.json({ error: "forbidden" }, { status: 403 }) };
    return { user };
  }

  return { currentUser, requireUser, requireUserForPasswordChange, requireRole, userForApi };
}

export async function actorFor(user: SessionUser): Promise<Actor> {
  const ip = clientIp(await headers());
  return { kind: "user", userId: user.id, role: user.role, teamId: user.teamId, ...(user.teamIds ? { teamIds: user.teamIds } : {}), label: user.email, ...(ip ? { ip } : {}) };
}
