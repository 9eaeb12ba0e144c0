import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/**
 * Days-past-due bucket moves per UTC day and slice: the roll and cure rates' source. A case's state at
 * the end of a day is the bucket of the earliest due date among its accounts open that day (placed, and
 * not yet in a closed status: domain cases/account-status.ts), or `out` when none is open. Each (day, case) with a state
 * on either side counts once under (from_state = state the day before, to_state = state that day):
 * from = to is a case staying put (the stock), a later bucket a roll, `paid` an exit by payment or
 * settlement that day, `closed` any other exit. Folded per completed UTC day by foldBucketDays
 * (packages/domain) from the accounts, the same day's moves as case_bucket_moves. Dimensions are the
 * case's at fold time, like the other rollups.
 */
export const rollupBucketsDaily = pgTable(
  "rollup_buckets_daily",
  {
    day: date({ mode: "string" }).notNull(),
    clientId: uuid().notNull(),
    teamId: uuid().notNull(),
    strategyId: uuid().notNull(),
    fromState: text().notNull(),
    toState: text().notNull(),
    cases: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.clientId, t.teamId, t.strategyId, t.fromState, t.toState] })],
);

/** The moves themselves, per case (stays are not stored): what a drill-down from a roll or cure figure
 *  lists. Written in the same transaction as the day's rollup rows. */
export const caseBucketMoves = pgTable(
  "case_bucket_moves",
  {
    day: date({ mode: "string" }).notNull(),
    caseId: uuid().notNull(),
    fromState: text().notNull(),
    toState: text().notNull(),
  },
  // A drill-down reads one kind of move by day (the rolled ones, the cured ones: a few percent of the
  // moves on most days) without visiting the others. The predicates are the drill's own conditions
  // (domain dashboards/list-portfolio-cases.ts, moveSql), written the same way so the planner can use
  // them; the bucket left is INCLUDEd (by hand in migration 0026) for the bucket filter.
  (t) => [
    primaryKey({ columns: [t.day, t.caseId] }), index().on(t.caseId),
    index("case_bucket_moves_rolled_idx").on(t.day, t.caseId)
      .where(sql`array_position(array['pre_due', '1_29', '30_59', '60_89', '90_179', '180_plus']::text[], to_state) > array_position(array['pre_due', '1_29', '30_59', '60_89', '90_179', '180_plus']::text[], from_state)`),
    index("case_bucket_moves_cured_idx").on(t.day, t.caseId).where(sql`from_state not in ('pre_due', 'out') and to_state in ('paid', 'pre_due')`),
  ],
);

/** How far a day-by-day fold has got: `through_day` is the last UTC day folded. */
export const rollupWatermarks = pgTable("rollup_watermarks", {
  name: text().primaryKey(),
  throughDay: date({ mode: "string" }).notNull(),
});
