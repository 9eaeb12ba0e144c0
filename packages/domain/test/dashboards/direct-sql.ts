import type { TestDatabase } from "@casebook/db/testing";

type Sql = TestDatabase["sql"];

// The dashboard figures computed straight from the source tables (no inbox, no rollup), written
// independently of the fold: the rollup must equal this, key for key.
export const MEASURES = [
  "attempts", "contacts", "conversations", "rpcs", "promises_made", "promised_minor", "promises_kept", "promises_broken",
  "payments", "collected_minor", "placed_accounts", "placed_minor",
] as const;

export type KeyedRow = Record<string, string | number>;

export async function directPortfolio(sql: Sql): Promise<KeyedRow[]> {
  return sql<KeyedRow[]>`
    with case_due as (select case_id, min(due_date) as due from accounts group by case_id),
    ev as (
      select (a.started_at at time zone 'UTC')::date as day, a.case_id, a.agent_user_id as agent,
        1 as attempts,
        (exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome in ('conversation', 'wrong_party', 'refused')))::int as contacts,
        (exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome = 'conversation'))::int as conversations,
        (a.party_role = 'consumer' and exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome = 'conversation'))::int as rpcs,
        0 as promises_made, 0::bigint as promised_minor, 0 as promises_kept, 0 as promises_broken, 0 as payments, 0::bigint as collected_minor,
        0 as placed_accounts, 0::bigint as placed_minor
      from contact_attempts a where a.direction = 'outbound'
      union all
      select (p.created_at at time zone 'UTC')::date, p.case_id, p.created_by, 0, 0, 0, 0, 1, p.amount_minor, 0, 0, 0, 0, 0, 0 from promises p
      union all
      select p.due_date, p.case_id, p.created_by, 0, 0, 0, 0, 0, 0, (p.status = 'kept')::int, (p.status = 'broken')::int, 0, 0, 0, 0
      from promises p where p.status in ('kept', 'broken')
      union all
      select (p.received_at at time zone 'UTC')::date, p.case_id, p.posted_by, 0, 0, 0, 0, 0, 0, 0, 0, 1, p.amount_minor, 0, 0
      from payments p where p.status = 'posted'
      union all
      select (pl.received_at at time zone 'UTC')::date, ac.case_id, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, ac.placed_balance_minor
      from accounts ac join placements pl on pl.id = ac.placement_id
    )
    select ev.day::text as day, c.client_id::text, c.team_id::text, coalesce(c.strategy_id::text, '00000000-0000-0000-0000-000000000000') as strategy_id,
      case when ev.day - d.due <= 0 then 'pre_due' when ev.day - d.due < 30 then '1_29' when ev.day - d.due < 60 then '30_59'
           when ev.day - d.due < 90 then '60_89' when ev.day - d.due < 180 then '90_179' else '180_plus' end as bucket,
      coalesce(ev.agent::text, '00000000-0000-0000-0000-000000000000') as agent_id,
      sum(attempts)::int as attempts, sum(contacts)::int as contacts, sum(conversations)::int as conversations, sum(rpcs)::int as rpcs,
      sum(promises_made)::int as promises_made, sum(promised_minor)::bigint as promised_minor, sum(promises_kept)::int as promises_kept,
      sum(promises_broken)::int as promises_broken, sum(payments)::int as payments, sum(collected_minor)::bigint as collected_minor,
      sum(placed_accounts)::int as placed_accounts, sum(placed_minor)::bigint as placed_minor
    from ev join cases c on c.id = ev.case_id join case_due d on d.case_id = ev.case_id
    group by 1, 2, 3, 4, 5, 6`;
}

export async function rolledPortfolio(sql: Sql): Promise<KeyedRow[]> {
  return sql<KeyedRow[]>`
    select day::text, client_id::text, team_id::text, strategy_id::text, bucket, agent_id::text,
      attempts, contacts, conversations, rpcs, promises_made, promised_minor::bigint, promises_kept, promises_broken, payments, collected_minor::bigint,
      placed_accounts, placed_minor::bigint
    from rollup_portfolio_daily`;
}

export async function directDecisions(sql: Sql): Promise<KeyedRow[]> {
  return sql<KeyedRow[]>`
    select day::text, client_id, strategy_id, channel, rule, outcome, count(*)::int as decisions from (
      select (cd.evaluated_at at time zone 'UTC')::date as day, c.client_id::text, coalesce(c.strategy_id::text, '00000000-0000-0000-0000-000000000000') as strategy_id,
        cd.channel::text, '' as rule, cd.decision::text as outcome
      from compliance_decisions cd join cases c on c.id = cd.case_id
      union all
      select (cd.evaluated_at at time zone 'UTC')::date, c.client_id::text, coalesce(c.strategy_id::text, '00000000-0000-0000-0000-000000000000'),
        cd.channel::text, r ->> 'rule', r ->> 'outcome'
      from compliance_decisions cd join cases c on c.id = cd.case_id, jsonb_array_elements(cd.results) r
      where r ->> 'outcome' in ('block', 'defer') and r ->> 'rule' is not null
    ) x group by 1, 2, 3, 4, 5, 6`;
}

export async function rolledDecisions(sql: Sql): Promise<KeyedRow[]> {
  return sql<KeyedRow[]>`select day::text, client_id::text, strategy_id::text, channel::text, rule, outcome::text, decisions from rollup_decisions_daily where decisions <> 0`;
}

/** Rows keyed by their dimension columns, measures as numbers, all-zero rows dropped. */
export function keyed(rows: KeyedRow[], measures: readonly string[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const m = Object.fromEntries(measures.map((k) => [k, Number(r[k])]));
    if (Object.values(m).every((v) => v === 0)) continue;
    const key = Object.keys(r).filter((k) => !measures.includes(k)).map((k) => r[k]).join("|");
    out.set(key, m);
  }
  return out;
}

/** Each case's days-past-due state at the end of every day up to `through`, and the move from the
 *  day before, computed per (day, case) by brute force (not the fold's per-day delta). */
export async function directBuckets(sql: Sql, through: string): Promise<KeyedRow[]> {
  return sql<KeyedRow[]>`
    with acc as (
      select a.case_id, a.due_date, (pl.received_at at time zone 'UTC')::date as placed,
        case when a.status in ('paid', 'settled', 'recalled', 'closed')
          then coalesce((a.closed_at at time zone 'UTC')::date, (pl.received_at at time zone 'UTC')::date) end as closed,
        a.status in ('paid', 'settled') as by_payment
      from accounts a join placements pl on pl.id = a.placement_id
    ),
    days as (select d::date as day from generate_series((select min(placed) - 1 from acc), ${through}::date, interval '1 day') d),
    state as (
      select d.day, k.case_id, min(acc.due_date) as due
      from days d cross join (select distinct case_id from acc) k
      left join acc on acc.case_id = k.case_id and acc.placed <= d.day and (acc.closed is null or acc.closed > d.day)
      group by 1, 2
    ),
    s as (
      select day, case_id, case when due is null then 'out' when day - due <= 0 then 'pre_due' when day - due < 30 then '1_29'
        when day - due < 60 then '30_59' when day - due < 90 then '60_89' when day - due < 180 then '90_179' else '180_plus' end as st
      from state
    ),
    m as (select day, case_id, lag(st) over (partition by case_id order by day) as prev, st from s)
    select m.day::text, c.client_id::text, c.team_id::text, coalesce(c.strategy_id::text, '00000000-0000-0000-0000-000000000000') as strategy_id,
      m.prev as from_state,
      case when m.st <> 'out' then m.st
           when exists (select 1 from acc where acc.case_id = m.case_id and acc.by_payment and acc.closed = m.day) then 'paid' else 'closed' end as to_state,
      count(*)::int as cases
    from m join cases c on c.id = m.case_id
    where m.prev is not null and not (m.prev = 'out' and m.st = 'out')
    group by 1, 2, 3, 4, 5, 6`;
}

export async function rolledBuckets(sql: Sql): Promise<KeyedRow[]> {
  return sql<KeyedRow[]>`select day::text, client_id::text, team_id::text, strategy_id::text, from_state, to_state, cases from rollup_buckets_daily`;
}

/** The drill-down's per-case rollup (rollup_case_daily) computed straight from the ledger: per metric,
 *  UTC day and case, the events and their amount as the drill-down defines them. */
export async function directCaseDaily(sql: Sql): Promise<KeyedRow[]> {
  return sql<KeyedRow[]>`
    select metric, day::text, case_id::text, count(*)::int as events, sum(amount)::bigint as amount from (
      select 'attempts' as metric, (a.started_at at time zone 'UTC')::date as day, a.case_id, 0::bigint as amount
      from contact_attempts a where a.direction = 'outbound'
      union all
      select 'contacts', (a.started_at at time zone 'UTC')::date, a.case_id, 0 from contact_attempts a
      where a.direction = 'outbound' and exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome in ('conversation', 'wrong_party', 'refused'))
      union all
      select 'rpcs', (a.started_at at time zone 'UTC')::date, a.case_id, 0 from contact_attempts a
      where a.direction = 'outbound' and a.party_role = 'consumer' and exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome = 'conversation')
      union all
      select 'promisesMade', (p.created_at at time zone 'UTC')::date, p.case_id, p.amount_minor from promises p
      union all
      select 'promisesKept', p.due_date, p.case_id, p.amount_minor from promises p where p.status = 'kept'
      union all
      select 'promisesBroken', p.due_date, p.case_id, p.amount_minor from promises p where p.status = 'broken'
      union all
      select 'collected', (p.received_at at time zone 'UTC')::date, p.case_id, p.amount_minor from payments p where p.status = 'posted'
    ) x group by 1, 2, 3`;
}

export async function rolledCaseDaily(sql: Sql): Promise<KeyedRow[]> {
  return sql<KeyedRow[]>`select metric::text, day::text, case_id::text, events, amount::bigint from rollup_case_daily`;
}

export interface DrillSlice {
  from: string;
  to: string;
  clientId?: string;
  teamId?: string;
  strategyId?: string;
  bucket?: string;
}

/** The cases behind one portfolio figure, from the ledger (and the bucket moves): each case's events and
 *  amount in the slice, by its current client, team and strategy, the bucket of an event being the one
 *  its case was in on the event's day (a move's: the bucket it left; a roll is a move to a later DPD
 *  bucket, not to paid, closed or out). Ordered as the drill-down lists. */
/** The cases behind a drill-down figure from the ledger, the most recent first (their last event's
 *  UTC day, then case id): the order listPortfolioCases promises. */
export async function directDrill(sql: Sql, metric: string, s: DrillSlice): Promise<Array<{ case_id: string; last_day: string; events: number; amount: number }>> {
  const ledger = {
    attempts: sql`select a.case_id, (a.started_at at time zone 'UTC')::date as day, 0::bigint as amount, null::text as bucket from contact_attempts a where a.direction = 'outbound'`,
    contacts: sql`select a.case_id, (a.started_at at time zone 'UTC')::date as day, 0::bigint as amount, null::text as bucket from contact_attempts a
      where a.direction = 'outbound' and exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome in ('conversation', 'wrong_party', 'refused'))`,
    rpcs: sql`select a.case_id, (a.started_at at time zone 'UTC')::date as day, 0::bigint as amount, null::text as bucket from contact_attempts a
      where a.direction = 'outbound' and a.party_role = 'consumer' and exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome = 'conversation')`,
    promisesMade: sql`select p.case_id, (p.created_at at time zone 'UTC')::date as day, p.amount_minor as amount, null::text as bucket from promises p`,
    promisesKept: sql`select p.case_id, p.due_date as day, p.amount_minor as amount, null::text as bucket from promises p where p.status = 'kept'`,
    promisesBroken: sql`select p.case_id, p.due_date as day, p.amount_minor as amount, null::text as bucket from promises p where p.status = 'broken'`,
    collected: sql`select p.case_id, (p.received_at at time zone 'UTC')::date as day, p.amount_minor as amount, null::text as bucket from payments p where p.status = 'posted'`,
    rolled: sql`select m.case_id, m.day, 0::bigint as amount, m.from_state as bucket from case_bucket_moves m
      where array_position(array['pre_due', '1_29', '30_59', '60_89', '90_179', '180_plus'], m.to_state)
          > array_position(array['pre_due', '1_29', '30_59', '60_89', '90_179', '180_plus'], m.from_state)`,
    cured: sql`select m.case_id, m.day, 0::bigint as amount, m.from_state as bucket from case_bucket_moves m
      where m.from_state not in ('pre_due', 'out') and m.to_state in ('paid', 'pre_due')`,
  };
  const nil = "00000000-0000-0000-0000-000000000000";
  const rows = await sql<Array<{ case_id: string; last_day: string; events: number; amount: string }>>`
    with due as (select case_id, min(due_date) as due from accounts group by case_id),
    ev as (${ledger[metric as keyof typeof ledger]}),
    b as (
      select ev.*, c.client_id, c.team_id, coalesce(c.strategy_id, ${nil}::uuid) as strategy_id,
        coalesce(ev.bucket, case when ev.day - due.due <= 0 then 'pre_due' when ev.day - due.due < 30 then '1_29' when ev.day - due.due < 60 then '30_59'
          when ev.day - due.due < 90 then '60_89' when ev.day - due.due < 180 then '90_179' else '180_plus' end) as in_bucket
      from ev join cases c on c.id = ev.case_id join due on due.case_id = ev.case_id
    )
    select case_id::text, max(day)::text as last_day, count(*)::int as events, sum(amount)::bigint as amount from b
    where day between ${s.from}::date and ${s.to}::date
      and (${s.clientId ?? null}::uuid is null or client_id = ${s.clientId ?? null}::uuid)
      and (${s.teamId ?? null}::uuid is null or team_id = ${s.teamId ?? null}::uuid)
      and (${s.strategyId ?? null}::text is null or strategy_id = ${s.strategyId === "none" ? nil : (s.strategyId ?? null)}::uuid)
      and (${s.bucket ?? null}::text is null or in_bucket = ${s.bucket ?? null}::text)
    group by case_id order by 2 desc, 1`;
  return rows.map((r) => ({ case_id: r.case_id, last_day: r.last_day, events: r.events, amount: Number(r.amount) }));
}

/** A drill's figure as the portfolio page shows it: summed in SQL here from the rollups with the page's
 *  filter (rollup_portfolio_daily, or rollup_buckets_daily for moves). The test checks it against the
 *  ledger's cases (`directDrill`) wherever no case changed team. Amount is null where the rollup keeps none. */
export async function figureOf(sql: Sql, metric: string, s: DrillSlice): Promise<{ events: number; amount: number | null }> {
  const nil = "00000000-0000-0000-0000-000000000000";
  const moves = metric === "rolled" || metric === "cured";
  const columns: Record<string, [string, string | null]> = {
    attempts: ["attempts", null], contacts: ["contacts", null], rpcs: ["rpcs", null], promisesMade: ["promises_made", "promised_minor"],
    promisesKept: ["promises_kept", null], promisesBroken: ["promises_broken", null], collected: ["payments", "collected_minor"],
  };
  const where = sql`r.day between ${s.from}::date and ${s.to}::date
    and (${s.clientId ?? null}::uuid is null or r.client_id = ${s.clientId ?? null}::uuid)
    and (${s.teamId ?? null}::uuid is null or r.team_id = ${s.teamId ?? null}::uuid)
    and (${s.strategyId ?? null}::text is null or r.strategy_id = ${s.strategyId === "none" ? nil : (s.strategyId ?? null)}::uuid)`;
  if (moves) {
    const order = sql`array['pre_due', '1_29', '30_59', '60_89', '90_179', '180_plus']`;
    const move = metric === "rolled"
      ? sql`array_position(${order}, r.to_state) > array_position(${order}, r.from_state)`
      : sql`r.from_state not in ('pre_due', 'out') and r.to_state in ('paid', 'pre_due')`;
    const [row] = await sql<[{ n: string | null }]>`select sum(r.cases)::bigint as n from rollup_buckets_daily r
      where ${where} and ${move} and (${s.bucket ?? null}::text is null or r.from_state = ${s.bucket ?? null}::text)`;
    return { events: Number(row.n ?? 0), amount: null };
  }
  const [count, amount] = columns[metric]!;
  const [row] = await sql<[{ n: string | null; a: string | null }]>`select sum(r.${sql(count)})::bigint as n, ${amount ? sql`sum(r.${sql(amount)})::bigint` : sql`null::bigint`} as a
    from rollup_portfolio_daily r where ${where} and (${s.bucket ?? null}::text is null or r.bucket = ${s.bucket ?? null}::text)`;
  return { events: Number(row.n ?? 0), amount: amount ? Number(row.a ?? 0) : null };
}
