import { index, integer, pgTable, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { users } from "../identity/users";
import { strategies } from "./strategies";

/**
 * A scheduled move of the open cases running one published version onto another, on a chosen instant.
 * Until then cases keep the version they were planned with; the planner applies it once due
 * (applyDueStrategyMigrations) and records when and how many cases moved.
 */
export const strategyMigrations = pgTable(
  "strategy_migrations",
  {
    id: id(),
    fromStrategyId: uuid().notNull().references(() => strategies.id),
    toStrategyId: uuid().notNull().references(() => strategies.id),
    effectiveAt: instant().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    appliedAt: instant(),
    movedCases: integer(),
    cancelledAt: instant(),
  },
  (t) => [index().on(t.effectiveAt), index().on(t.fromStrategyId)],
);
