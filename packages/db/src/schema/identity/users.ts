import { boolean, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { locale, userRole } from "../_shared/enums";
import { teams } from "./teams";

export const users = pgTable(
  "users",
  {
    id: id(),
    /** Stored lower-cased: sign-in compares lower(input). */
    email: text().notNull().unique(),
    name: text().notNull(),
    /** argon2id; null for users who only sign in through OIDC. */
    passwordHash: text(),
    role: userRole().notNull(),
    teamId: uuid().references(() => teams.id),
    /** Collectors identify themselves by name, staff number and agency (CN-ID, Reg F). */
    staffNumber: text().notNull().unique(),
    locale: locale().notNull().default("en"),
    timeZone: text().notNull().default("America/New_York"),
    active: boolean().notNull().default(true),
    /** Bumped by sign-out, deactivation, a role or team change and a password reset: a session token
     *  carries the version it was issued under and is refused once it differs (issue 10). */
    sessionVersion: integer().notNull().default(1),
    /** Set when an admin creates the user or resets their password: the temporary password the admin
     *  saw opens only the page where the user sets their own. */
    passwordChangeRequired: boolean().notNull().default(false),
    lastLoginAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.teamId)],
);
