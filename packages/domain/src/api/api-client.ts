import type { Actor } from "../context";
import { ForbiddenError } from "../errors";

/** The creditor API's verbs act for one client's key (authenticateApiKey builds the actor). */
export function requireApiClient(actor: Actor): { clientId: string } {
  if (actor.kind !== "api") throw new ForbiddenError("api_key_required");
  return { clientId: actor.clientId };
}
