import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { requireDashboardRole, SUPERVISOR_ROLES } from "./dashboard-access";
import { PortfolioFilter, resolveFilter, rollupWhere, type ResolvedFilter } from "./portfolio-filter";
import { bucketSql, NIL_UUID } from "./rollup-sql";
import { BUCKETS } from "../cases/buckets";
import { uuidArray } from "../cases/sql-values";
import { DateTime } from "luxon";

const BUCKET_ORDER = sql.raw(`array[${BUCKETS.map((b) => `'${b}'`).join(", ")}]::text[]`);

export const DRILL_METRICS = ["attempts", "contacts", "rpcs", "promisesMade", "promisesKept", "promisesBroken", "collected", "rolled", "cured"] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];
/** Rolled and cured: bucket moves (case_bucket_moves, rollup_buckets_daily), not rollup_case_daily rows. */
const isMove = (metric: DrillMetric): metric is "rolled" | "cured" => metric === "rolled" || metric === "cured";

/** The drill counts distinct cases up to this many (the export's most); past it, the count is a lower
 *  bound ("at least"). Counting further costs a read of every case found: with a client's or team's
 *  filter, 10,000 took 0.6–1.4 s at a million accounts, 1,000 about 0.1 s. */
export const DRILL_CASE_COUNT_CAP = 1_000;

export const ListPortfolioCases = PortfolioFilter.extend({
  metric: z.enum(DRILL_METRICS),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
  /** Count distinct cases exactly up to this many (tests lower it to reach the "at least" branch). */
  countUpTo: z.coerce.number().int().min(1).max(DRILL_CASE_COUNT_CAP).default(DRILL_CASE_COUNT_CAP),
});
export type ListPortfolioCases = z.input<typeof ListPortfolioCases>;

export interface PortfolioCaseRow {
  caseId: string;
  personName: string;
  clientName: string;
  teamName: string;
  /** The case's last day in the slice with one of the metric's events (UTC). */
  lastDay: string;
  /** The metric's events of this case in the slice (attempts, promises, payments...). */
  events: number;
  /** For money metrics (collected): the case's sum in minor units of `currency`. */
  amountMinor: number;
  currency: string;
}
export interface PortfolioCases {
  filter: ResolvedFilter;
  /** The cases with the most recent events first (then by case id), at most `limit`. */
  rows: PortfolioCaseRow[];
  /** Distinct cases in the slice: exact, or a lower bound when `casesAtLeast`. */
  totalCases: number;
  casesAtLeast: boolean;
  /** Over every event of the slice, not only the rows returned: exact. */
  totalEvents: number;
  /** The amount in minor units (summed over currencies) for promises made and collected; null for the
   *  metrics whose rollup keeps no amount. */
  totalAmountMinor: number | null;
}

/** The move condition of a bucket-move metric over a row (`m` or `r`) with from_state and to_state. */
function moveSql(metric: "rolled" | "cured", alias: "m" | "r" = "m"): SQL {
  const from = sql.raw(`${alias}.from_state`), to = sql.raw(`${alias}.to_state`);
  return metric === "rolled"
    ? sql`array_position(${BUCKET_ORDER}, ${to}) > array_position(${BUCKET_ORDER}, ${from})`
    : sql`${from} not in ('pre_due', 'out') and ${to} in ('paid', 'pre_due')`;
}

/** The metric's events in [from, to] (UTC days) as (case_id, day, events, amount, bucket): from the
 *  per-case rollup (rollup_case_daily, kept by the fold: an index-only read of the metric's days, never
 *  the ledger at the click), and for bucket moves (rolled, cured) from case_bucket_moves, the per-case
 *  moves the bucket-day fold writes. A move carries the bucket it left, which the bucket filter then
 *  means; for the others the bucket is the case's on the event's day. With `caseIds`, only those cases'
 *  (read by the case's own index). */
function eventsOf(metric: DrillMetric, from: string, to: string, caseIds?: string[]): SQL {
  // One day as an equality, so its rows come in key order (case id) and a LIMIT stops the read early.
  const days = (column: SQL) => (from === to ? sql`${column} = ${to}::date` : sql`${column} between ${from}::date and ${to}::date`);
  const only = (column: SQL) => (caseIds ? sql` and ${column} = any(${uuidArray(caseIds)}::uuid[])` : sql``);
  if (isMove(metric)) {
    return sql`select m.case_id, m.day, 1 as events, 0::bigint as amount, m.from_state as bucket from case_bucket_moves m
      where ${days(sql`m.day`)} and ${moveSql(metric)}${only(sql`m.case_id`)}`;
  }
  return sql`select r.case_id, r.day, r.events, r.amount, null::text as bucket from rollup_case_daily r
    where r.metric = ${metric}::case_drill_metric and ${days(sql`r.day`)} and r.events > 0${only(sql`r.case_id`)}`;
}

/** The rollup_portfolio_daily columns of a metric's count and amount (none: the rollup keeps no amount). */
const FIGURE_COLUMNS: Record<Exclude<DrillMetric, "rolled" | "cured">, [string, string | null]> = {
  attempts: ["attempts", null], contacts: ["contacts", null], rpcs: ["rpcs", null],
  promisesMade: ["promises_made", "promised_minor"], promisesKept: ["promises_kept", null], promisesBroken: ["promises_broken", null],
  collected: ["payments", "collected_minor"],
};

/** The figure the supervisor clicked, from the rollup the portfolio page reads (rollup_portfolio_daily,
 *  or rollup_buckets_daily for rolled and cured) with the page's filter: so the drill's total is the
 *  figure itself, over a year as cheaply as over a day. */
async function figureOf(tx: Pick<DomainContext["db"], "execute">, metric: DrillMetric, f: ResolvedFilter): Promise<{ events: number; amount: number | null }> {
  if (isMove(metric)) {
    const bucket = f.bucket ? sql` and r.from_state = ${f.bucket}` : sql``;
    const [row] = await tx.execute<{ events: string | null }>(sql`
      select sum(r.cases)::bigint as events from rollup_buckets_daily r
      where ${rollupWhere({ ...f, bucket: undefined })} and ${moveSql(metric, "r")}${bucket}`);
    return { events: Number(row?.events ?? 0), amount: null };
  }
  const [count, amount] = FIGURE_COLUMNS[metric];
  const [row] = await tx.execute<{ events: string | null; amount: string | null }>(sql`
    select sum(r.${sql.raw(count)})::bigint as events, ${amount ? sql`sum(r.${sql.raw(amount)})::bigint` : sql`null::bigint`} as amount
    from rollup_portfolio_daily r where ${rollupWhere(f)}`);
  return { events: Number(row?.events ?? 0), amount: amount ? Number(row?.amount ?? 0) : null };
}

/** The slice's events from `from` to the filter's `to` as CTEs ending in
 *  `s (case_id, day, events, amount)`: the metric's rows, the case (its current client, team and
 *  strategy) and its earliest due date (the bucket of an event's day) joined only when the slice asks for
 *  them: over a year's events each join is a read per case. */
function sliceCtes(metric: DrillMetric, f: ResolvedFilter, from: string, caseIds?: string[]): SQL {
  const where: SQL[] = [bucketWhere(metric, f)];
  if (f.clientId) where.push(sql`c.client_id = ${f.clientId}::uuid`);
  if (f.teamId) where.push(sql`c.team_id = ${f.teamId}::uuid`);
  if (f.strategyId) where.push(sql`coalesce(c.strategy_id, ${NIL_UUID}::uuid) = ${f.strategyId === "none" ? NIL_UUID : f.strategyId}::uuid`);
  const byCase = f.clientId || f.teamId || f.strategyId ? sql`join cases c on c.id = ev.case_id` : sql``;
  // The case's earliest due date (the bucket of an event's day; a move carries its own), read per row
  // by the accounts' case index: a LIMIT on the last day then stops after the cases it needs, where a
  // join would first compute it for every case of the day (600 ms for a day of attempts at 1M).
  const byDue = f.bucket && !isMove(metric) ? sql`left join lateral (select min(a.due_date) as due from accounts a where a.case_id = ev.case_id) d on true` : sql``;
  return sql`ev as (${eventsOf(metric, from, f.to, caseIds)}),
    s as (select ev.case_id, ev.day, ev.events, ev.amount from ev ${byCase} ${byDue} where ${sql.join(where, sql` and `)})`;
}

/** With a bucket filter, the condition on `ev` (and `d`): a move's bucket left, else the day's bucket. */
function bucketWhere(metric: DrillMetric, f: ResolvedFilter): SQL {
  if (!f.bucket) return sql`true`;
  return isMove(metric) ? sql`ev.bucket = ${f.bucket}` : sql`${bucketSql(sql`ev.day`, sql`coalesce(d.due, ev.day)`)} = ${f.bucket}`;
}

const dayMinus = (day: string, days: number) => DateTime.fromISO(day, { zone: "UTC" }).minus({ days }).toISODate()!;

/** Drill-down: the cases behind one figure of the portfolio, the most recent first. Shows debtors'
 *  names: audited.
 *
 *  - The total (events, and the amount where the rollup keeps one) is the figure itself, read from the
 *    rollup the portfolio page reads, with the page's filter (dimensions as at the event).
 *  - The cases are those with an event of the metric in the range and, today, of the slice's client, team
 *    and strategy; the bucket is the case's on the event's day (for a move, the bucket it left).
 *  - Why not "the cases with the most events", or an exact count past 10,000: either needs every case of
 *    the slice grouped, and a year of a million-account book holds hundreds of thousands of them (1.4–3 s
 *    at p95 in issue 13's bench; even a plain sum of a month's attempt rows took 0.6 s). Most recent
 *    first is found from the end of the range: its last day alone, read in key order and cut at
 *    `countUpTo` (a day holds each case once), then, if that day has fewer, windows ending at `to`
 *    widened four times at a time until one holds `countUpTo` distinct cases or is the whole range. Every
 *    case with an event in the window has its last event later than every case without, so the window's
 *    first `limit` cases are the range's. The count is exact when the read reached `from`, a lower bound
 *    otherwise.
 *  - The listed cases' own events and amount over the whole range are read by the cases' index.
 *  All in one repeatable-read snapshot. */
export async function listPortfolioCases(ctx: DomainContext, input: ListPortfolioCases): Promise<PortfolioCases> {
  const actor = requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const parsed = parseInput(ListPortfolioCases, input);
  const f = resolveFilter(parsed, ctx.now);
  const enough = Math.max(parsed.countUpTo, parsed.limit);
  const result = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    // The windows are small and their cases are read one by one by key (the case's client, team,
    // strategy, due date); at the default random_page_cost (4, for spinning disks) the planner reads
    // every case of the client instead (300 ms against 94 ms for a day's contacts at a million accounts).
    await tx.execute(sql`set local random_page_cost = 1.1`);
    const figure = await figureOf(tx, parsed.metric, f);
    // The range's last day first, read in key order and cut at `enough`: a day holds each case once, so
    // no grouping, and the busiest metrics (a day of attempts is 48,000 cases at a million accounts)
    // stop after reading `enough` of them.
    const lastDay = await tx.execute<{ case_id: string }>(sql`
      with ${sliceCtes(parsed.metric, f, f.to)}
      select s.case_id from s order by s.case_id limit ${enough + 1}`);
    let recent: { n: number; top: Array<{ case_id: string; last_day: string }> } = {
      n: lastDay.length, top: lastDay.slice(0, parsed.limit).map((r) => ({ case_id: r.case_id, last_day: f.to })),
    };
    let windowFrom = f.to;
    // Exact when the rows read were all the range holds: a one-day range read to its end, or a window
    // that reached `from`.
    let exact = f.from === f.to && lastDay.length <= enough;
    for (let windowDays = 4; recent.n < enough && windowFrom !== f.from; windowDays *= 4) {
      windowFrom = dayMinus(f.to, windowDays - 1);
      if (windowFrom < f.from) windowFrom = f.from;
      const [row] = await tx.execute<{ n: number; top: Array<{ case_id: string; last_day: string }> }>(sql`
        with ${sliceCtes(parsed.metric, f, windowFrom)},
        g as (select case_id, max(day) as last_day from s group by case_id)
        select (select count(*) from g)::int as n,
          coalesce((select json_agg(x) from (select case_id, last_day from g order by last_day desc, case_id limit ${parsed.limit}) x), '[]'::json) as top`);
      recent = row!;
      exact = windowFrom === f.from;
    }
    const ids = recent.top.map((r) => r.case_id);
    // The listed cases' own events and amount over the whole range, read by the cases' index.
    const sums = ids.length === 0 ? [] : await tx.execute<{ case_id: string; events: string; amount: string }>(sql`
      with ${sliceCtes(parsed.metric, f, f.from, ids)}
      select s.case_id, sum(s.events)::bigint as events, sum(s.amount)::bigint as amount from s group by 1`);
    const names = ids.length === 0 ? [] : await tx.execute<{ id: string; full_name: string; client_name: string; currency: string; team_name: string }>(sql`
      select c.id, p.full_name, cl.name as client_name, cl.currency, t.name as team_name
      from cases c join persons p on p.id = c.person_id join clients cl on cl.id = c.client_id join teams t on t.id = c.team_id
      where c.id = any(${uuidArray(ids)}::uuid[])`);
    const byId = new Map(sums.map((r) => [r.case_id, r]));
    const nameOf = new Map(names.map((r) => [r.id, r]));
    return {
      filter: f,
      rows: recent.top.map((r) => {
        const sum = byId.get(r.case_id);
        const who = nameOf.get(r.case_id);
        return {
          caseId: r.case_id, personName: String(who?.full_name), clientName: String(who?.client_name), teamName: String(who?.team_name),
          lastDay: r.last_day, events: Number(sum?.events ?? 0), amountMinor: Number(sum?.amount ?? 0), currency: String(who?.currency),
        };
      }),
      totalCases: recent.n,
      casesAtLeast: !exact,
      totalEvents: figure.events,
      totalAmountMinor: figure.amount,
    } satisfies PortfolioCases;
  }, { accessMode: "read only", isolationLevel: "repeatable read" });
  if (result.rows.length > 0) {
    await writeAudit(ctx.db, actor, {
      action: "portfolio.drill", entityType: "case_list", entityId: parsed.metric,
      details: { metric: parsed.metric, from: f.from, to: f.to, clientId: f.clientId ?? null, teamId: f.teamId ?? null, strategyId: f.strategyId ?? null,
        bucket: f.bucket ?? null, caseIds: result.rows.map((r) => r.caseId) },
    }, ctx.now);
  }
  return result;
}
