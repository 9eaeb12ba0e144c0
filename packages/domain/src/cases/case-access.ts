import { eq } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError } from "../errors";
import { lockCase } from "../locks/lock-rows";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CaseRow = typeof schema.cases.$inferSelect;
export type UserActor = Extract<Actor, { kind: "user" }>;

/** Verbs of the console act for a signed-in user; the system and the API use other entry points. */
export function requireUserActor(actor: Actor): UserActor {
  if (actor.kind !== "user") throw new ForbiddenError("needs_user");
  return actor;
}

/** Roles bound to their team's cases: agents (issue 5), and admins, who administer users and do
 *  not work cases across teams; an admin placed in a team works that team's cases (issue 10). */
export function isTeamBound(actor: Actor): actor is UserActor & { role: "agent" | "admin" } {
  return actor.kind === "user" && (actor.role === "agent" || actor.role === "admin");
}

/** The teams a user works in: every membership (user_teams, issue 14), else the primary team alone. */
export function actorTeamIds(actor: Actor): string[] {
  if (actor.kind !== "user") return [];
  return actor.teamIds ?? (actor.teamId ? [actor.teamId] : []);
}

/** Whether the user belongs to a team (any of their memberships). */
export function inTeam(actor: Actor, teamId: string): boolean {
  return actorTeamIds(actor).includes(teamId);
}

/** Agents work only their own teams' cases (issue 5; every team they belong to, issue 14): enforced
 *  here, not only in the UI. */
export function canSeeCase(actor: Actor, teamId: string): boolean {
  if (actor.kind === "system") return true;
  if (actor.kind !== "user") return false;
  if (isTeamBound(actor)) return inTeam(actor, teamId);
  return true;
}

/** Loads a case the actor may touch, or throws. A case of another team is ForbiddenError, so a
 *  forged id never reaches the write that follows. */
export async function loadCaseForActor(tx: DbOrTx, actor: Actor, caseId: string, opts: { forUpdate?: boolean; work?: boolean } = {}): Promise<CaseRow> {
  // Compliance officers review cases (read, notes, opt-outs, holds, disputes); they do not work them:
  // no contacts, no money, no changes to contact data.
  if (opts.work && actor.kind === "user" && actor.role === "compliance") throw new ForbiddenError("compliance_reviews_only");
  // A malformed id is a case that does not exist (404), never a database error (500).
  if (!UUID.test(caseId)) throw new NotFoundError("case", caseId);
  // `forUpdate`: the case's debtor, then the case (locks/lock-rows.ts), read after the lock is held.
  if (opts.forUpdate) await lockCase(tx, caseId);
  const [row] = await tx.select().from(schema.cases).where(eq(schema.cases.id, caseId));
  if (!row) throw new NotFoundError("case", caseId);
  // A creditor's API key reaches its own client's cases only; another client's case does not exist for
  // it (404, not 403: a key never learns that another client's id is real).
  if (actor.kind === "api") {
    if (row.clientId !== actor.clientId) throw new NotFoundError("case", caseId);
    return row;
  }
  // A debtor signed in to the portal acts on their own cases only (issue 17), never on anyone else's.
  if (actor.kind === "debtor") {
    if (row.personId !== actor.personId) throw new NotFoundError("case", caseId);
    return row;
  }
  if (!canSeeCase(actor, row.teamId)) throw new ForbiddenError();
  return row;
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}
