import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { disputeStatus } from "../_shared/enums";
import { accounts } from "../accounts/accounts";
import { cases } from "../cases/cases";
import { users } from "../identity/users";

/** Collection of a disputed debt pauses until verification is sent (US-REGF-DISPUTE). */
export const disputes = pgTable(
  "disputes",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    accountId: uuid().notNull().references(() => accounts.id),
    receivedVia: text({ enum: ["written", "oral", "portal", "email"] }).notNull(),
    reason: text().notNull(),
    /** What the debtor objects to (CN-DISPUTE: the debt's existence, its amount, or their identity). */
    ground: text({ enum: ["existence", "amount", "identity", "other"] }),
    status: disputeStatus().notNull().default("open"),
    openedBy: uuid().references(() => users.id),
    openedAt: instant().notNull(),
    verificationSentAt: instant(),
    resolvedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.caseId), index().on(t.accountId, t.status)],
);
