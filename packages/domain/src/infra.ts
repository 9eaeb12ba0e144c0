import { randomUUID } from "node:crypto";
import { createDb, readDbEnv, unsafeRuntimeLogin } from "@casebook/db";
import type { JobQueue } from "@casebook/jobs";
import type { DomainInfra } from "./context";

export interface BuiltInfra extends DomainInfra {
  /** Closes what buildInfra opened (the database pool); the edge closes its own queue. */
  close(): Promise<void>;
}

/**
 * The infrastructure of an edge that may not open the database itself (apps/web, by lint): a new
 * pool from DATABASE_URL (not a process-wide singleton: the edge builds it once and owns it), the
 * edge's clock and queue, UUID v4 ids.
 */
export function buildInfra(options: { enqueue: JobQueue; clock: () => Date; databaseUrl?: string; publicUrl?: string }): BuiltInfra {
  const handle = createDb(options.databaseUrl ? { url: options.databaseUrl } : {});
  return { db: handle.db, clock: options.clock, ids: randomUUID, enqueue: options.enqueue, ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}), close: handle.close };
}

/**
 * Why the edge's database login (DATABASE_URL unless given) must not serve production, or null
 * (issue 10: a superuser or the tables' owner can switch the ledger's append-only triggers off). The
 * worker and `./casebook start` ask packages/db directly; the web, which may not import it, asks here.
 */
export function runtimeLoginProblem(databaseUrl?: string): Promise<string | null> {
  return unsafeRuntimeLogin(databaseUrl ?? readDbEnv().DATABASE_URL);
}
