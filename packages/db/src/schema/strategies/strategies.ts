import { boolean, integer, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { users } from "../identity/users";
import { ruleSetId } from "../_shared/enums";
import { clients } from "../clients/clients";

/**
 * A cadence, edited as data and versioned: a new version is a new row; cases keep the version they run.
 * A version is a `draft` (its stages and steps may change) until it is published; a published version is
 * immutable, enforced by trigger (migration 0012): its stages and steps cannot be inserted, changed or
 * deleted and of the row itself only `active` may change. The planner gives new cases published versions only.
 */
export const strategies = pgTable(
  "strategies",
  {
    id: id(),
    /** Null: the default for every client of the rule set. */
    clientId: uuid().references(() => clients.id),
    segment: text().notNull().default("default"),
    name: text().notNull(),
    version: integer().notNull(),
    ruleSet: ruleSetId().notNull(),
    active: boolean().notNull().default(true),
    status: text({ enum: ["draft", "published"] }).notNull().default("draft"),
    publishedAt: instant(),
    /** The version this draft was copied from (the what-if compares against it). */
    basedOnId: uuid().references((): AnyPgColumn => strategies.id),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.name, t.version)],
);
