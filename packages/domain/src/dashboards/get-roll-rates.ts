import { sql, type SQL } from "drizzle-orm";
import { BUCKETS, type Bucket } from "../cases/buckets";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { requireDashboardRole, SUPERVISOR_ROLES } from "./dashboard-access";
import { periodSql, PortfolioFilter, resolveFilter, rollupWhere, type ResolvedFilter } from "./portfolio-filter";

/** Buckets a case can be cured from: every one past due. */
export const DELINQUENT: readonly Bucket[] = BUCKETS.filter((b) => b !== "pre_due");
/** Buckets a case can roll out of (the last one has nowhere to roll). */
export const ROLLING: readonly Bucket[] = BUCKETS.slice(0, -1);

export interface BucketRoll {
  bucket: Bucket;
  /** Cases in the bucket during the range: there at its start, plus those that entered it. */
  inBucket: number;
  /** Of those, moves into a later bucket (the roll rate's numerator). */
  rolled: number;
  /** Moves out of this (past-due) bucket to current (pre-due) or out by payment/settlement. */
  cured: number;
  rollRate: number | null;
  cureRate: number | null;
}
export interface RollFigures {
  buckets: BucketRoll[];
  /** Cases past due during the range (past due at its start, plus those that became so). */
  delinquent: number;
  cured: number;
  cureRate: number | null;
}
export interface RollPoint extends RollFigures {
  period: string;
}
export interface RollRates {
  filter: ResolvedFilter;
  totals: RollFigures;
  series: RollPoint[];
  /** The last UTC day folded: later days have no roll or cure figures yet. */
  throughDay: string | null;
}

type MoveRow = {
  period: string;
  from_state: string;
  to_state: string;
  at_start: number;
  n: number;
};

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
const rank = (state: string) => BUCKETS.indexOf(state as Bucket);
const isDelinquent = (state: string) => DELINQUENT.includes(state as Bucket);
const cures = (from: string, to: string) => isDelinquent(from) && (to === "paid" || to === "pre_due");

/** Roll and cure figures of one period from its moves (definitions on BucketRoll and RollFigures). */
export function rollFiguresOf(rows: Array<Omit<MoveRow, "period">>, only?: Bucket): RollFigures {
  const buckets = (only ? [only] : [...BUCKETS]).map((bucket) => {
    let inBucket = 0, rolled = 0, cured = 0;
    for (const r of rows) {
      if (r.from_state === bucket) inBucket += r.at_start;
      else if (r.to_state === bucket) inBucket += r.n;
      if (r.from_state === bucket && rank(r.to_state) > rank(bucket)) rolled += r.n;
      if (r.from_state === bucket && cures(r.from_state, r.to_state)) cured += r.n;
    }
    const rollRate = ROLLING.includes(bucket) ? ratio(rolled, inBucket) : null;
    const cureRate = isDelinquent(bucket) ? ratio(cured, inBucket) : null;
    return { bucket, inBucket, rolled, cured, rollRate, cureRate };
  });
  if (only) {
    // One bucket: its own cases and cures (none when it is not past due).
    const b = buckets[0]!;
    const delinquent = isDelinquent(only) ? b.inBucket : 0;
    return { buckets, delinquent, cured: b.cured, cureRate: ratio(b.cured, delinquent) };
  }
  let delinquent = 0, cured = 0;
  for (const r of rows) {
    if (isDelinquent(r.from_state)) delinquent += r.at_start;
    else if (isDelinquent(r.to_state)) delinquent += r.n;
    if (cures(r.from_state, r.to_state)) cured += r.n;
  }
  return { buckets, delinquent, cured, cureRate: ratio(cured, delinquent) };
}

/** Moves per period: `at_start` counts the rows of the period's first day (the stock it starts with). */
function movesSql(filter: ResolvedFilter, period: SQL): SQL {
  return sql`
    with r as (
      select ${period} as period, r.day, r.from_state, r.to_state, sum(r.cases)::int as n
      from rollup_buckets_daily r where ${rollupWhere({ ...filter, bucket: undefined })} group by 1, 2, 3, 4
    ),
    f as (select period, min(day) as d0 from r group by 1)
    select r.period::text as period, r.from_state, r.to_state,
      coalesce(sum(r.n) filter (where r.day = f.d0), 0)::int as at_start, sum(r.n)::int as n
    from r join f on f.period = r.period group by 1, 2, 3 order by 1`;
}

/** Roll rates between days-past-due buckets and the cure rate over the slice, and their trend, read
 *  from rollup_buckets_daily only (aggregates, no personal data: no audit event). The bucket filter
 *  keeps that bucket's row (and the cures out of it). */
export async function getRollRates(ctx: DomainContext, input: PortfolioFilter): Promise<RollRates> {
  requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const filter = resolveFilter(parseInput(PortfolioFilter, input), ctx.now);
  const [total, perPeriod, mark] = await Promise.all([
    ctx.db.execute<MoveRow>(movesSql(filter, sql`'all'`)),
    ctx.db.execute<MoveRow>(movesSql(filter, periodSql(filter.grain))),
    ctx.db.execute<{ through: string }>(sql`select through_day::text as through from rollup_watermarks where name = 'bucket_days'`),
  ]);
  const byPeriod = new Map<string, MoveRow[]>();
  for (const r of perPeriod) byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r]);
  return {
    filter,
    totals: rollFiguresOf([...total], filter.bucket),
    series: [...byPeriod.entries()].map(([period, rows]) => ({ period, ...rollFiguresOf(rows, filter.bucket) })),
    throughDay: mark[0]?.through ?? null,
  };
}
