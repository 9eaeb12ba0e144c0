import "server-only";
import { domainContext, type DomainContext, type SessionUser } from "@casebook/domain";
import { actorFor } from "./auth";
import { appInfra } from "./infra";

/** The domain context of one request: the app's infrastructure (infra.ts), the signed-in user as actor. */
export async function contextFor(user: SessionUser): Promise<DomainContext> {
  return domainContext(appInfra(), await actorFor(user));
}
