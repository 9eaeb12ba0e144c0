import { bigint, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { cases } from "../cases/cases";
import { users } from "../identity/users";
import { payments } from "./payments";

/**
 * A payment asked of the payment provider's hosted checkout (by the debtor in the portal, or a link an
 * agent sends). The provider's signed callback settles it once: the payment it becomes is posted to the
 * same ledger as an agent's, with the intent's id as its reference (unique per case: money once).
 */
export const paymentIntents = pgTable(
  "payment_intents",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    status: text({ enum: ["open", "succeeded", "failed"] }).notNull().default("open"),
    source: text({ enum: ["portal", "agent_link"] }).notNull(),
    createdBy: uuid().references(() => users.id),
    paymentId: uuid().references(() => payments.id),
    providerPaymentId: text(),
    settledAt: instant(),
    expiresAt: instant().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.caseId)],
);
