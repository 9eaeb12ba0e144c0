import { bigint, date, index, integer, pgEnum, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";

/** The portfolio figures a supervisor drills into, one per case (domain dashboards/list-portfolio-cases.ts
 *  names them the same way). Rolled and cured are not here: case_bucket_moves already holds them per case. */
export const caseDrillMetric = pgEnum("case_drill_metric", ["attempts", "contacts", "rpcs", "promisesMade", "promisesKept", "promisesBroken", "collected"]);

/**
 * The drill-down's rollup (issue 13): per metric, UTC day and case, the case's events that day and their
 * amount, with the same definitions and days as rollup_portfolio_daily (an attempt's day for attempts,
 * contacts and RPCs; a promise's creation day for made, its due date for kept and broken; a payment's
 * received day for collected, net of reversals). Only cases with something on a day have a row, one row
 * per metric, so a drill reads exactly its metric's rows of the range from the key. The slice's client,
 * team, strategy and bucket are taken from the case when the drill runs (the case's current ones, as the
 * drill-down always has), not stored. Maintained by foldRollups from rollup_inbox and rewritten by
 * rebuildRollups, in the same statements as the portfolio rollup. The key carries events and amount
 * (INCLUDE, in the migration): a drill is an index-only scan of one metric's days.
 */
export const rollupCaseDaily = pgTable(
  "rollup_case_daily",
  {
    metric: caseDrillMetric().notNull(),
    day: date({ mode: "string" }).notNull(),
    caseId: uuid().notNull(),
    /** The case's events that day (net: a reversed payment or an unkept promise takes its count back). */
    events: integer().notNull().default(0),
    /** Their amount in minor units of the case's client's currency (promises and payments; 0 otherwise). */
    amount: bigint({ mode: "number" }).notNull().default(0),
  },
  // By case too: a drill-down sums its listed cases' own rows over the range (INCLUDE events and amount,
  // written by hand in migration 0026, so that is index-only as well).
  (t) => [primaryKey({ columns: [t.metric, t.day, t.caseId] }), index("rollup_case_daily_case_metric_day_idx").on(t.caseId, t.metric, t.day)],
);
