import "server-only";
import { actorFor } from "@casebook/auth";
import { getAppDb, type DomainContext, type SessionUser } from "@casebook/domain";
import { env } from "@/env";

/** The domain clock of the web app (shifted only under the e2e suite, see env.ts). */
export function appNow(): Date {
  return new Date(Date.now() + env.CASEBOOK_CLOCK_OFFSET_MS);
}

/** The domain context of one request: the signed-in user as actor, the app's db, the clock. */
export async function contextFor(user: SessionUser): Promise<DomainContext> {
  return { db: getAppDb(), actor: await actorFor(user), now: appNow() };
}
