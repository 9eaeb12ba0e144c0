import { randomUUID } from "node:crypto";
import { createDb } from "@casebook/db";
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
export function buildInfra(options: { enqueue: JobQueue; clock: () => Date; databaseUrl?: string }): BuiltInfra {
  const handle = createDb(options.databaseUrl ? { url: options.databaseUrl } : {});
  return { db: handle.db, clock: options.clock, ids: randomUUID, enqueue: options.enqueue, close: handle.close };
}
