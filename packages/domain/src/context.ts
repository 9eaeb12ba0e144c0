import type { Db } from "@casebook/db";
import type { JobQueue } from "@casebook/jobs";

export type Role = "agent" | "supervisor" | "compliance" | "admin";

export type Actor =
  | {
    kind: "user"; userId: string; role: Role;
    /** The user's primary team (users.team_id). */
    teamId: string | null;
    /** Every team the user works in (user_teams, issue 14); absent: the primary team alone. */
    teamIds?: string[];
    label: string; ip?: string;
  }
  | { kind: "system"; label: string }
  | { kind: "api"; clientId: string; label: string }
  | { kind: "debtor"; personId: string; label: string };

/**
 * The infrastructure a verb may touch, built once at the edge that runs the domain (the web app's
 * apps/web/src/lib/infra.ts, the worker's main.ts) and handed in: the domain itself opens no connection,
 * reads no environment and no wall clock, so a test or the outreach simulation controls every one.
 */
export interface DomainInfra {
  db: Db;
  /** The clock: the wall clock in production, a simulated one in the e2e suite and in tests. */
  clock: () => Date;
  /** New ids (UUID v4) for what the domain names before the database does (a dispatch id). */
  ids: () => string;
  /** The job queue, typed by @casebook/jobs' contracts; every enqueue is bounded in time and may fail. */
  enqueue: JobQueue;
  /** The console's public address (the web's AUTH_URL, the worker's CASEBOOK_PUBLIC_URL): the `/verify`
   *  and `/portal` links a message prints (templateVariablesFor). */
  publicUrl?: string;
}

/** Everything a domain verb needs: the infrastructure, who acts, and `now`, read once from the clock
 *  per request so one verb sees one instant. */
export interface DomainContext extends DomainInfra {
  actor: Actor;
  now: Date;
}

/** The context of one request or job: the edge's infrastructure with its actor, at the clock's now. */
export function domainContext(infra: DomainInfra, actor: Actor, now: Date = infra.clock()): DomainContext {
  return { db: infra.db, clock: infra.clock, ids: infra.ids, enqueue: infra.enqueue, ...(infra.publicUrl ? { publicUrl: infra.publicUrl } : {}), actor, now };
}

export const systemActor = (label: string): Actor => ({ kind: "system", label: `system:${label}` });
