import { bigint, boolean, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { planFrequency, planStatus } from "../_shared/enums";
import { cases } from "../cases/cases";
import { users } from "../identity/users";

/** An arrangement. Outside the client's limits it waits for a supervisor (pending_approval). */
export const paymentPlans = pgTable(
  "payment_plans",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    accountIds: uuid().array().notNull(),
    currency: text().notNull(),
    totalMinor: bigint({ mode: "number" }).notNull(),
    installmentCount: integer().notNull(),
    frequency: planFrequency().notNull(),
    status: planStatus().notNull(),
    requiresApproval: boolean().notNull().default(false),
    approvalReason: text(),
    createdBy: uuid().references(() => users.id),
    decidedBy: uuid().references(() => users.id),
    decidedAt: instant(),
    brokenAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.caseId), index().on(t.status)],
);
