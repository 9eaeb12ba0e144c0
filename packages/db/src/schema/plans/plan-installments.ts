import { bigint, date, index, integer, pgTable, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, instant } from "../_shared/columns";
import { installmentStatus } from "../_shared/enums";
import { paymentPlans } from "./payment-plans";

export const planInstallments = pgTable(
  "plan_installments",
  {
    id: id(),
    planId: uuid().notNull().references(() => paymentPlans.id),
    seq: integer().notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    paidMinor: bigint({ mode: "number" }).notNull().default(0),
    status: installmentStatus().notNull().default("due"),
    paidAt: instant(),
  },
  (t) => [uniqueIndex().on(t.planId, t.seq), index().on(t.status, t.dueDate)],
);
