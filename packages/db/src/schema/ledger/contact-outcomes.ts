import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { contactOutcome } from "../_shared/enums";
import { users } from "../identity/users";
import { contactAttempts } from "./contact-attempts";

export interface OutcomeDetails {
  identityStatementGiven?: boolean;
  miniMirandaGiven?: boolean;
  durationSeconds?: number;
  amountDiscussedMinor?: number;
  providerStatus?: string;
  error?: string;
}

/** Append-only: each later fact about an attempt (sent, delivered, the call's outcome) is a new row.
 *  The latest row by `at` is the attempt's current outcome. */
export const contactOutcomes = pgTable(
  "contact_outcomes",
  {
    id: id(),
    attemptId: uuid().notNull().references(() => contactAttempts.id),
    outcome: contactOutcome().notNull(),
    source: text({ enum: ["agent", "worker", "provider", "reconciler"] }).notNull(),
    recordedBy: uuid().references(() => users.id),
    providerMessageId: text(),
    details: jsonb().$type<OutcomeDetails>().notNull().default({}),
    at: instant().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.attemptId, t.at)],
);
