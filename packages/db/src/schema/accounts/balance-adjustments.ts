import { bigint, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { accounts } from "./accounts";

/**
 * A change of an account's balance that is not a payment: a re-placement with a new balance (the
 * client's interest, fees, corrections). The account's balance moves by `deltaMinor`; this row is its
 * ledger entry, never an overwrite without a trace.
 */
export const balanceAdjustments = pgTable(
  "balance_adjustments",
  {
    id: id(),
    accountId: uuid().notNull().references(() => accounts.id),
    fromMinor: bigint({ mode: "number" }).notNull(),
    toMinor: bigint({ mode: "number" }).notNull(),
    deltaMinor: bigint({ mode: "number" }).notNull(),
    /** "placement_api", "placement_file". */
    source: text().notNull(),
    /** The import run or API request it came from. */
    sourceRef: text(),
    at: instant().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.accountId, t.at)],
);
