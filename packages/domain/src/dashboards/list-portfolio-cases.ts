import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { requireDashboardRole, SUPERVISOR_ROLES } from "./dashboard-access";
import { PortfolioFilter, resolveFilter, type ResolvedFilter } from "./portfolio-filter";
import { bucketSql, NIL_UUID } from "./rollup-sql";
import { BUCKETS } from "../cases/buckets";

const BUCKET_ORDER = sql.raw(`array[${BUCKETS.map((b) => `'${b}'`).join(", ")}]::text[]`);

export const DRILL_METRICS = ["attempts", "contacts", "rpcs", "promisesMade", "promisesKept", "promisesBroken", "collected", "rolled", "cured"] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export const ListPortfolioCases = PortfolioFilter.extend({
  metric: z.enum(DRILL_METRICS),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});
export type ListPortfolioCases = z.input<typeof ListPortfolioCases>;

export interface PortfolioCaseRow {
  caseId: string;
  personName: string;
  clientName: string;
  teamName: string;
  /** The metric's events of this case in the slice (attempts, promises, payments...). */
  events: number;
  /** For money metrics (collected): the case's sum in minor units of `currency`. */
  amountMinor: number;
  currency: string;
}
export interface PortfolioCases {
  filter: ResolvedFilter;
  rows: PortfolioCaseRow[];
  /** Over every case of the slice, not only the rows returned. */
  totalCases: number;
  totalEvents: number;
  totalAmountMinor: number;
}

/** The metric's events in [from, to] (UTC days) as (case_id, day, events, amount, bucket): from the
 *  per-case rollup (rollup_case_daily, kept by the fold: an index-only read of the metric's days, never
 *  the ledger at the click), and for bucket moves (rolled, cured) from case_bucket_moves, the per-case
 *  moves the bucket-day fold writes. A move carries the bucket it left, which the bucket filter then
 *  means; for the others the bucket is the case's on the event's day. */
function eventsOf(metric: DrillMetric, from: string, to: string): SQL {
  if (metric === "rolled" || metric === "cured") {
    const move = metric === "rolled"
      ? sql`array_position(${BUCKET_ORDER}, m.to_state) > array_position(${BUCKET_ORDER}, m.from_state)`
      : sql`m.from_state not in ('pre_due', 'out') and m.to_state in ('paid', 'pre_due')`;
    return sql`select m.case_id, m.day, 1 as events, 0::bigint as amount, m.from_state as bucket from case_bucket_moves m
      where m.day between ${from}::date and ${to}::date and ${move}`;
  }
  return sql`select r.case_id, r.day, r.events, r.amount, null::text as bucket from rollup_case_daily r
    where r.metric = ${metric}::case_drill_metric and r.day between ${from}::date and ${to}::date and r.events > 0`;
}

/** Drill-down: the cases behind one figure of the portfolio (the same slice and definitions as the
 *  rollup; the case's current client, team and strategy). Shows debtors' names: audited. */
export async function listPortfolioCases(ctx: DomainContext, input: ListPortfolioCases): Promise<PortfolioCases> {
  const actor = requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const parsed = parseInput(ListPortfolioCases, input);
  const f = resolveFilter(parsed, ctx.now);
  const where: SQL[] = [sql`true`];
  if (f.clientId) where.push(sql`c.client_id = ${f.clientId}::uuid`);
  if (f.teamId) where.push(sql`c.team_id = ${f.teamId}::uuid`);
  if (f.strategyId) where.push(sql`coalesce(c.strategy_id, ${NIL_UUID}::uuid) = ${f.strategyId === "none" ? NIL_UUID : f.strategyId}::uuid`);
  if (f.bucket) where.push(sql`coalesce(ev.bucket, ${bucketSql(sql`ev.day`, sql`coalesce(d.due, ev.day)`)}) = ${f.bucket}`);
  // The case (its current client, team, strategy) and its earliest due date (the bucket of an event's
  // day) are joined only when the slice asks for them: over a year's events each join is a read per case.
  const byCase = f.clientId || f.teamId || f.strategyId ? sql`join cases c on c.id = ev.case_id` : sql``;
  const byDue = f.bucket ? sql`left join d on d.case_id = ev.case_id` : sql``;
  const due = f.bucket ? sql`d as (select case_id, min(due_date) as due from accounts where case_id in (select case_id from ev) group by case_id),` : sql``;
  // Every case with an event in the slice is one group (hundreds of thousands over a year of a large
  // book): with the default work_mem the aggregate spills to disk. A read-only transaction for the local setting.
  const rows = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '128MB'`);
    return tx.execute<Record<string, unknown>>(sql`
    with ev as (${eventsOf(parsed.metric, f.from, f.to)}),
    ${due}
    per_case as (
      select ev.case_id, sum(ev.events)::int as events, sum(ev.amount)::bigint as amount
      from ev ${byCase} ${byDue}
      where ${sql.join(where, sql` and `)}
      group by ev.case_id
    ),
    totals as (select count(*)::int as total_cases, coalesce(sum(events), 0)::int as total_events, coalesce(sum(amount), 0)::bigint as total_amount from per_case),
    top as (select * from per_case order by events desc, amount desc, case_id limit ${parsed.limit})
    select top.case_id, top.events, top.amount, p.full_name, cl.name as client_name, cl.currency, t.name as team_name,
      totals.total_cases, totals.total_events, totals.total_amount
    from totals left join top on true
    left join cases c on c.id = top.case_id left join persons p on p.id = c.person_id
    left join clients cl on cl.id = c.client_id left join teams t on t.id = c.team_id
    order by top.events desc, top.amount desc, top.case_id`);
  }, { accessMode: "read only" });
  const first = rows[0] ?? {};
  const result: PortfolioCases = {
    filter: f,
    rows: rows.filter((r) => r.case_id).map((r) => ({
      caseId: String(r.case_id), personName: String(r.full_name), clientName: String(r.client_name), teamName: String(r.team_name),
      events: Number(r.events), amountMinor: Number(r.amount ?? 0), currency: String(r.currency),
    })),
    totalCases: Number(first.total_cases ?? 0),
    totalEvents: Number(first.total_events ?? 0),
    totalAmountMinor: Number(first.total_amount ?? 0),
  };
  if (result.rows.length > 0) {
    await writeAudit(ctx.db, actor, {
      action: "portfolio.drill", entityType: "case_list", entityId: parsed.metric,
      details: { metric: parsed.metric, from: f.from, to: f.to, clientId: f.clientId ?? null, teamId: f.teamId ?? null, strategyId: f.strategyId ?? null,
        bucket: f.bucket ?? null, caseIds: result.rows.map((r) => r.caseId) },
    }, ctx.now);
  }
  return result;
}
