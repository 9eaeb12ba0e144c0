import { boolean, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "../_shared/columns";
import { ruleSetId } from "../_shared/enums";
import { clients } from "../clients/clients";

/** A cadence, edited as data and versioned: a new version is a new row; cases keep the version they run. */
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
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.name, t.version)],
);
