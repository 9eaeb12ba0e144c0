import type { Actor } from "../context";
import { ForbiddenError } from "../errors";

export type DebtorActor = Extract<Actor, { kind: "debtor" }>;

/** The debtor as the audit trail names them: their person id, never their name. */
export function debtorActor(personId: string): DebtorActor {
  return { kind: "debtor", personId, label: `debtor:${personId}` };
}

/** Portal verbs act for a signed-in debtor only: a staff session is not one (issue 17). */
export function requireDebtor(actor: Actor): DebtorActor {
  if (actor.kind !== "debtor") throw new ForbiddenError();
  return actor;
}
