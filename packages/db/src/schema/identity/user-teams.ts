import { index, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../_shared/columns";
import { teams } from "./teams";
import { users } from "./users";

/**
 * The teams a user works in (issue 14): an agent or supervisor may belong to several. `users.team_id` stays
 * the user's primary team (the one reassigned cases go to, the default scope of their pages) and is always
 * one of these rows; every team-scoped read and check asks this table.
 */
export const userTeams = pgTable(
  "user_teams",
  {
    userId: uuid().notNull().references(() => users.id),
    teamId: uuid().notNull().references(() => teams.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.teamId] }), index().on(t.teamId)],
);
