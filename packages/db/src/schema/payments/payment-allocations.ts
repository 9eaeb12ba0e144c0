import { bigint, index, pgTable, uuid } from "drizzle-orm/pg-core";
import { id } from "../_shared/columns";
import { accounts } from "../accounts/accounts";
import { planInstallments } from "../plans/plan-installments";
import { promises } from "../promises/promises";
import { payments } from "./payments";

/** How a payment was applied: to which accounts, installments and promises. */
export const paymentAllocations = pgTable(
  "payment_allocations",
  {
    id: id(),
    paymentId: uuid().notNull().references(() => payments.id),
    accountId: uuid().notNull().references(() => accounts.id),
    amountMinor: bigint({ mode: "number" }).notNull(),
    planInstallmentId: uuid().references(() => planInstallments.id),
    promiseId: uuid().references(() => promises.id),
  },
  (t) => [index().on(t.paymentId), index().on(t.accountId)],
);
