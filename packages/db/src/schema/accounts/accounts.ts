import { bigint, date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { accountStatus, closeCode } from "../_shared/enums";
import { cases } from "../cases/cases";
import { clients } from "../clients/clients";
import { placements } from "../clients/placements";
import { persons } from "../persons/persons";

/** One debt. DPD and bucket are derived from dueDate at read time, never stored stale. */
export const accounts = pgTable(
  "accounts",
  {
    id: id(),
    clientId: uuid().notNull().references(() => clients.id),
    placementId: uuid().notNull().references(() => placements.id),
    caseId: uuid().notNull().references(() => cases.id),
    personId: uuid().notNull().references(() => persons.id),
    originalCreditor: text().notNull(),
    clientReference: text().notNull(),
    /** e.g. "credit_card", "personal_loan", "auto_loan", "consumer_loan". */
    product: text().notNull(),
    currency: text().notNull(),
    principalMinor: bigint({ mode: "number" }).notNull(),
    interestMinor: bigint({ mode: "number" }).notNull().default(0),
    feesMinor: bigint({ mode: "number" }).notNull().default(0),
    placedBalanceMinor: bigint({ mode: "number" }).notNull(),
    balanceMinor: bigint({ mode: "number" }).notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    delinquencyDate: date({ mode: "string" }),
    chargeOffDate: date({ mode: "string" }),
    /** Statute-of-limitations date (US-REGF-TIMEBAR). */
    solDate: date({ mode: "string" }),
    /** "US-CA", "US-MA", "CN-31", "GB": the overlay and the jurisdiction's rules follow from it. */
    jurisdiction: text().notNull(),
    status: accountStatus().notNull().default("active"),
    closeCode: closeCode(),
    closedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.clientId, t.clientReference),
    index().on(t.caseId),
    index().on(t.personId),
    index().on(t.clientReference),
    index().on(t.status, t.dueDate),
  ],
);
