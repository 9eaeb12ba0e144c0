import type { Actor } from "../context";
import { ForbiddenError } from "../errors";
import { requireUserActor } from "../cases/case-access";

/** Every admin verb starts here: the console hides admin pages from other roles, but the verb is what
 *  refuses them (a direct request or a forged form post gets the same answer). */
export function requireAdmin(actor: Actor) {
  const user = requireUserActor(actor);
  if (user.role !== "admin") throw new ForbiddenError("admin_only");
  return user;
}
