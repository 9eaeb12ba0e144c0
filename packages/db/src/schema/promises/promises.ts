import { bigint, date, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { promiseStatus } from "../_shared/enums";
import { cases } from "../cases/cases";
import { users } from "../identity/users";

/** A promise to pay: kept or broken is decided by payments, never by hand. */
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
  (t) => [index().on(t.caseId), index().on(t.status, t.dueDate)],
);
