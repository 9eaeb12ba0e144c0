import "server-only";
import { actorFor } from "@casebook/auth";
import { getAppDb, type DomainContext, type SessionUser } from "@casebook/domain";
import { env } from "@/env";

const clockStart = env.CASEBOOK_CLOCK_START ? new Date(env.CASEBOOK_CLOCK_START).getTime() : null;
const clockEpoch = env.CASEBOOK_CLOCK_EPOCH_MS ?? Date.now();

/** The domain clock of the web app: the wall clock, or the e2e suite's simulated clock (env.ts). */
export function appNow(): Date {
  return clockStart === null ? new Date() : new Date(clockStart + (Date.now() - clockEpoch));
}

/** The domain context of one request: the signed-in user as actor, the app's db, the clock. */
export async function contextFor(user: SessionUser): Promise<DomainContext> {
  return { db: getAppDb(), actor: await actorFor(user), now: appNow() };
}
