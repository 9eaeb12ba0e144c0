import { sql } from "drizzle-orm";
import { bigint, date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { promiseStatus } from "../_shared/enums";
import { cases } from "../cases/cases";
import { users } from "../identity/users";

/** A promise to pay: kept or broken is decided by payments, never by hand. A case has at most one
 *  pending promise (a new one supersedes it), so a call, which belongs to one case, has at most one live
 *  promise: payments apply to "the" pending promise, and the index makes that true under concurrency. */
export const promises = pgTable(
  "promises",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    accountIds: uuid().array().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    status: promiseStatus().notNull().default("pending"),
    contactAttemptId: uuid(),
    createdBy: uuid().references(() => users.id),
    resolvedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.caseId),
    index().on(t.status, t.dueDate),
    uniqueIndex("promises_one_pending_per_case").on(t.caseId).where(sql`status = 'pending'`),
  ],
);
