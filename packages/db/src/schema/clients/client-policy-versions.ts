import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { users } from "../identity/users";
import { clients, type ClientPolicy } from "./clients";

/**
 * Every change of a client's policy is a new version, never an edit: a decision made last month must be
 * explainable with the figures in force last month. The policy in force at an instant is the version
 * with the latest `effectiveFrom` at or before it; before the first version, the policy the client was
 * created with (`clients.policy`). Versions are never updated or deleted (append-only by trigger).
 */
export const clientPolicyVersions = pgTable(
  "client_policy_versions",
  {
    id: id(),
    clientId: uuid().notNull().references(() => clients.id),
    /** 1, 2, ... per client; the client's creation policy is version 0. */
    version: integer().notNull(),
    policy: jsonb().$type<ClientPolicy>().notNull(),
    effectiveFrom: instant().notNull(),
    /** Why it changed, in the admin's words (no personal data). */
    note: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.clientId, t.version), index().on(t.clientId, t.effectiveFrom)],
);
