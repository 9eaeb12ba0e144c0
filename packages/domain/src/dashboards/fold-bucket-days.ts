import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "@casebook/db";
import { CLOSED_ACCOUNT_STATUSES_SQL } from "../cases/account-status";
import { foldDays, type DayFoldResult } from "./fold-days";
import { bucketSql, NIL_UUID, utcDay } from "./rollup-sql";

export type BucketFoldResult = DayFoldResult;

const WATERMARK = "bucket_days";
/** The first fold of a database starts at its first placement, but never reaches back further. */
const MAX_BACKFILL_DAYS = 731;
const CLOSED = sql`(${CLOSED_ACCOUNT_STATUSES_SQL})`;

/**
 * Folds completed UTC days into rollup_buckets_daily and case_bucket_moves, one day per transaction
 * (so a run stopped half-way leaves whole days behind it and the watermark says which). A bucket moves
 * because a day passes or because an account closes: both are facts of a completed day, so a day is
 * folded once, after it ends (today's moves appear after midnight UTC). One fold at a time
 * (transaction-scoped advisory lock); a day already folded is never folded again.
 */
export async function foldBucketDays(ctx: { db: Db; now: Date }, opts: { maxDays?: number } = {}): Promise<BucketFoldResult> {
  const yesterday = DateTime.fromJSDate(ctx.now, { zone: "UTC" }).startOf("day").minus({ days: 1 }).toISODate()!;
  const floor = DateTime.fromISO(yesterday, { zone: "UTC" }).minus({ days: MAX_BACKFILL_DAYS }).toISODate()!;
  return foldDays(ctx.db, {
    watermark: WATERMARK,
    lock: "casebook:bucket-fold",
    lastDay: yesterday,
    firstDay: async (tx) => {
      const [first] = await tx.execute<{ day: string | null }>(sql`select ${utcDay(sql`min(received_at)`)}::text as day from placements`);
      return first?.day ? (first.day > floor ? first.day : floor) : null;
    },
    foldDay: async (tx, day) => { await tx.execute(foldDaySql(day)); },
  }, opts.maxDays ?? 31);
}

/** One day's moves: each case's state at the end of the day before and at the end of `day`. */
function foldDaySql(dayIso: string) {
  const day = sql`${dayIso}::date`;
  const before = sql`(${dayIso}::date - 1)`;
  return sql`
    with acc as (
      select a.case_id, a.due_date, ${utcDay(sql`pl.received_at`)} as placed_day,
        case when a.status in ${CLOSED} then coalesce(${utcDay(sql`a.closed_at`)}, ${utcDay(sql`pl.received_at`)}) end as closed_day,
        a.status in ('paid', 'settled') as by_payment
      from accounts a join placements pl on pl.id = a.placement_id
      where ${utcDay(sql`pl.received_at`)} <= ${day}
        and (a.status not in ${CLOSED} or coalesce(${utcDay(sql`a.closed_at`)}, ${utcDay(sql`pl.received_at`)}) >= ${day})
    ),
    per_case as (
      select case_id,
        min(due_date) filter (where placed_day <= ${before} and (closed_day is null or closed_day > ${before})) as due_before,
        min(due_date) filter (where closed_day is null or closed_day > ${day}) as due_after,
        bool_or(by_payment and closed_day = ${day}) as paid_today
      from acc group by case_id
    ),
    states as (
      select case_id,
        case when due_before is null then 'out' else ${bucketSql(before, sql`due_before`)} end as from_state,
        case when due_after is not null then ${bucketSql(day, sql`due_after`)} when paid_today then 'paid' else 'closed' end as to_state
      from per_case where due_before is not null or due_after is not null
    ),
    moves as (
      insert into case_bucket_moves (day, case_id, from_state, to_state)
      select ${day}, case_id, from_state, to_state from states where from_state <> to_state
      returning 1
    )
    insert into rollup_buckets_daily (day, client_id, team_id, strategy_id, from_state, to_state, cases)
    select ${day}, c.client_id, c.team_id, coalesce(c.strategy_id, ${NIL_UUID}::uuid), s.from_state, s.to_state, count(*)::int
    from states s join cases c on c.id = s.case_id
    group by 2, 3, 4, 5, 6
    on conflict (day, client_id, team_id, strategy_id, from_state, to_state) do update set cases = rollup_buckets_daily.cases + excluded.cases`;
}
