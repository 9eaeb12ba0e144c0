import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../_shared/columns";
import { clients } from "../clients/clients";

/**
 * A creditor API POST's `Idempotency-Key`, per client: the request's fingerprint (method, path, SHA-256
 * of the body) and the answer given. A replay with the same fingerprint gets the stored answer; with a
 * different one, a 422 problem. The answer carries ids and statuses only (what the endpoint returned).
 */
export const apiIdempotencyKeys = pgTable(
  "api_idempotency_keys",
  {
    clientId: uuid().notNull().references(() => clients.id),
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    bodyHash: text().notNull(),
    /** Null while the first request is still running (a concurrent replay is told to retry). */
    status: integer(),
    response: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.key] }), index().on(t.createdAt)],
);
