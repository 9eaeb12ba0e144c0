import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    /** The processor's or bank's reference (card transaction, transfer, check number). Unique per case
     *  (issue 9 §5): a payment already recorded under it is refused, so money is stored once. Not unique
     *  across cases: check numbers of different debtors' banks collide. */
    reference: text(),
    receivedAt: instant().notNull(),
    status: paymentStatus().notNull().default("posted"),
    postedBy: uuid().references(() => users.id),
    reversedAt: instant(),
    reversalReason: reversalReason(),
    reversedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.caseId, t.receivedAt),
    index().on(t.receivedAt),
    uniqueIndex("payments_case_reference_key").on(t.caseId, t.reference).where(sql`reference is not null`),
  ],
);
