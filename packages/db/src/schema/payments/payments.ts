import { bigint, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { paymentMethod, paymentStatus, reversalReason } from "../_shared/enums";
import { cases } from "../cases/cases";
import { users } from "../identity/users";

/** A payment received. A reversal (NSF, returned) marks it reversed and restores the balances it paid. */
export const payments = pgTable(
  "payments",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    currency: text().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    method: paymentMethod().notNull(),
    reference: text(),
    receivedAt: instant().notNull(),
    status: paymentStatus().notNull().default("posted"),
    postedBy: uuid().references(() => users.id),
    reversedAt: instant(),
    reversalReason: reversalReason(),
    reversedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.caseId, t.receivedAt), index().on(t.receivedAt)],
);
