import { bigint, date, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/** The figures collections managers read, per UTC day and slice. Maintained by foldRollups from
 *  rollup_inbox, never computed from the ledger on page load. Dimensions are those of the case at the
 *  time the event was folded (a later reassignment does not move yesterday's work to another team).
 *  strategy_id and agent_id use the nil uuid for "none" so they can be part of the key. */
export const rollupPortfolioDaily = pgTable(
  "rollup_portfolio_daily",
  {
    day: date({ mode: "string" }).notNull(),
    clientId: uuid().notNull(),
    teamId: uuid().notNull(),
    strategyId: uuid().notNull(),
    /** Days-past-due bucket of the case (earliest due date of its accounts) on `day`. */
    bucket: text().notNull(),
    agentId: uuid().notNull(),
    currency: text().notNull(),
    /** Outbound contact attempts started that day. */
    attempts: integer().notNull().default(0),
    /** Of those, attempts that reached a person (conversation, wrong party, refused). */
    contacts: integer().notNull().default(0),
    conversations: integer().notNull().default(0),
    /** Conversations with the debtor (party role consumer). */
    rpcs: integer().notNull().default(0),
    promisesMade: integer().notNull().default(0),
    promisedMinor: bigint({ mode: "number" }).notNull().default(0),
    /** Promises that fell due that day and were kept / broken. */
    promisesKept: integer().notNull().default(0),
    promisesBroken: integer().notNull().default(0),
    payments: integer().notNull().default(0),
    /** Payments received that day, net of reversals. */
    collectedMinor: bigint({ mode: "number" }).notNull().default(0),
    placedAccounts: integer().notNull().default(0),
    placedMinor: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.clientId, t.teamId, t.strategyId, t.bucket, t.agentId] })],
);
