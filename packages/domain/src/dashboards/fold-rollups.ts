import { sql } from "drizzle-orm";
import type { Db } from "@casebook/db";
import { bucketSql, caseMetricsOf, NIL_UUID, utcDay } from "./rollup-sql";
import { SKIP_LOCKED_FOR_DELETE } from "../locks/lock-rows";

export interface FoldResult {
  /** Inbox rows folded. */
  folded: number;
  /** Another fold held the lock: nothing was done (the next scheduled run picks up). */
  busy: boolean;
}

const nil = sql.raw(`'${NIL_UUID}'::uuid`);

/**
 * Folds rollup_inbox into the dashboard rollups, `batchSize` rows per transaction until the inbox is
 * empty or `maxBatches` ran. One fold at a time (a transaction-scoped advisory lock): the first-reach
 * test below ("no earlier reach outcome of this attempt was already folded") is only exact when folds
 * are serial. Each batch is ONE statement: the DELETE … RETURNING, the deltas and the upserts (portfolio,
 * the drill-down's per-case rollup, decisions) share one snapshot, so the rows of this batch still look
 * unfolded to the first-reach test and a row committed meanwhile is invisible to all of it (it waits for
 * the next batch).
 */
export async function foldRollups(ctx: { db: Db }, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<FoldResult> {
  const batchSize = opts.batchSize ?? 20_000;
  const maxBatches = opts.maxBatches ?? 1_000;
  /** Rows folded: the larger of the two inboxes' counts per batch (the loop ends when both run dry). */
  let folded = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await ctx.db.transaction(async (tx) => {
      const [lock] = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext('casebook:rollup-fold')) as ok`);
      if (!lock?.ok) return -1;
      const [row] = await tx.execute<{ n: number }>(foldBatchSql(batchSize));
      const [steps] = await tx.execute<{ n: number }>(foldStepBatchSql(batchSize));
      return Math.max(Number(row?.n ?? 0), Number(steps?.n ?? 0));
    });
    if (n < 0) return { folded, busy: true };
    folded += n;
    if (n < batchSize) break;
  }
  return { folded, busy: false };
}

function foldBatchSql(batchSize: number) {
  const zeros = (cols: string[]) => sql.raw(cols.join(", "));
  // Every branch yields (day, case_id, agent, and the 14 measures) in this order.
  return sql`
    with batch as (
      delete from rollup_inbox where id in (select id from rollup_inbox order by id limit ${batchSize} ${SKIP_LOCKED_FOR_DELETE})
      returning source, ref_id, delta
    ),
    reached as (
      select o.attempt_id,
        bool_or(true) as any_reach,
        bool_or(o.outcome = 'conversation') as any_conversation
      from batch b join contact_outcomes o on o.id = b.ref_id
      where b.source = 'outcome'
      group by o.attempt_id
    ),
    first_reach as (
      select r.attempt_id,
        r.any_reach and not exists (
          select 1 from contact_outcomes p where p.attempt_id = r.attempt_id and p.outcome in ('conversation', 'wrong_party', 'refused')
            and not exists (select 1 from rollup_inbox i where i.ref_id = p.id)) as new_contact,
        r.any_conversation and not exists (
          select 1 from contact_outcomes p where p.attempt_id = r.attempt_id and p.outcome = 'conversation'
            and not exists (select 1 from rollup_inbox i where i.ref_id = p.id)) as new_conversation
      from reached r
    ),
    raw (day, case_id, agent, attempts, contacts, conversations, rpcs, promises_made, promised_minor, promises_kept, promises_broken, payments, collected_minor, placed_accounts, placed_minor, kept_minor, broken_minor) as (
      select ${utcDay(sql`a.started_at`)}, a.case_id, a.agent_user_id, 1, 0, 0, 0, 0, 0::bigint, 0, 0, 0, 0::bigint, 0, 0::bigint, 0::bigint, 0::bigint
        from batch b join contact_attempts a on a.id = b.ref_id
        where b.source = 'attempt' and a.direction = 'outbound'
      union all
      select ${utcDay(sql`a.started_at`)}, a.case_id, a.agent_user_id, 0, f.new_contact::int, f.new_conversation::int,
          (f.new_conversation and a.party_role = 'consumer')::int, ${zeros(["0", "0::bigint", "0", "0", "0", "0::bigint", "0", "0::bigint", "0::bigint", "0::bigint"])}
        from first_reach f join contact_attempts a on a.id = f.attempt_id
        where a.direction = 'outbound' and (f.new_contact or f.new_conversation)
      union all
      select ${utcDay(sql`p.created_at`)}, p.case_id, p.created_by, 0, 0, 0, 0, b.delta::int, b.delta * p.amount_minor, 0, 0, 0, 0::bigint, 0, 0::bigint, 0::bigint, 0::bigint
        from batch b join promises p on p.id = b.ref_id where b.source = 'promise_made'
      union all
      select p.due_date, p.case_id, p.created_by, 0, 0, 0, 0, 0, 0::bigint,
          case when b.source = 'promise_kept' then b.delta::int else 0 end,
          case when b.source = 'promise_broken' then b.delta::int else 0 end, 0, 0::bigint, 0, 0::bigint,
          case when b.source = 'promise_kept' then b.delta * p.amount_minor else 0 end,
          case when b.source = 'promise_broken' then b.delta * p.amount_minor else 0 end
        from batch b join promises p on p.id = b.ref_id where b.source in ('promise_kept', 'promise_broken')
      union all
      select ${utcDay(sql`p.received_at`)}, p.case_id, p.posted_by, 0, 0, 0, 0, 0, 0::bigint, 0, 0, sign(b.delta)::int, b.delta, 0, 0::bigint, 0::bigint, 0::bigint
        from batch b join payments p on p.id = b.ref_id where b.source = 'payment'
      union all
      select ${utcDay(sql`pl.received_at`)}, ac.case_id, null::uuid, 0, 0, 0, 0, 0, 0::bigint, 0, 0, 0, 0::bigint, 1, ac.placed_balance_minor, 0::bigint, 0::bigint
        from batch b join accounts ac on ac.id = b.ref_id join placements pl on pl.id = ac.placement_id where b.source = 'account'
    ),
    case_due as (
      select ac.case_id, min(ac.due_date) as due from accounts ac where ac.case_id in (select case_id from raw) group by ac.case_id
    ),
    portfolio as (
      insert into rollup_portfolio_daily as t (day, client_id, team_id, strategy_id, bucket, agent_id, currency, attempts, contacts, conversations, rpcs,
        promises_made, promised_minor, promises_kept, promises_broken, payments, collected_minor, placed_accounts, placed_minor)
      select r.day, c.client_id, c.team_id, coalesce(c.strategy_id, ${nil}), ${bucketSql(sql`r.day`, sql`coalesce(d.due, r.day)`)}, coalesce(r.agent, ${nil}), cl.currency,
        sum(r.attempts), sum(r.contacts), sum(r.conversations), sum(r.rpcs), sum(r.promises_made), sum(r.promised_minor), sum(r.promises_kept),
        sum(r.promises_broken), sum(r.payments), sum(r.collected_minor), sum(r.placed_accounts), sum(r.placed_minor)
      from raw r join cases c on c.id = r.case_id join clients cl on cl.id = c.client_id left join case_due d on d.case_id = r.case_id
      group by 1, 2, 3, 4, 5, 6, 7
      on conflict (day, client_id, team_id, strategy_id, bucket, agent_id) do update set
        attempts = t.attempts + excluded.attempts, contacts = t.contacts + excluded.contacts,
        conversations = t.conversations + excluded.conversations, rpcs = t.rpcs + excluded.rpcs,
        promises_made = t.promises_made + excluded.promises_made, promised_minor = t.promised_minor + excluded.promised_minor,
        promises_kept = t.promises_kept + excluded.promises_kept, promises_broken = t.promises_broken + excluded.promises_broken,
        payments = t.payments + excluded.payments, collected_minor = t.collected_minor + excluded.collected_minor,
        placed_accounts = t.placed_accounts + excluded.placed_accounts, placed_minor = t.placed_minor + excluded.placed_minor
      returning 1
    ),
    case_daily as (
      insert into rollup_case_daily as t (metric, day, case_id, events, amount)
      select m.metric, r.day, r.case_id, sum(m.events), sum(m.amount)
      from raw r cross join lateral ${caseMetricsOf(sql`r`)}
      where m.events <> 0 or m.amount <> 0
      group by 1, 2, 3
      on conflict (metric, day, case_id) do update set events = t.events + excluded.events, amount = t.amount + excluded.amount
      returning 1
    ),
    decision_rows as (
      select ${utcDay(sql`cd.evaluated_at`)} as day, c.client_id, coalesce(c.strategy_id, ${nil}) as strategy_id, cd.channel, '' as rule, cd.decision as outcome
        from batch b join compliance_decisions cd on cd.id = b.ref_id join cases c on c.id = cd.case_id where b.source = 'decision'
      union all
      select ${utcDay(sql`cd.evaluated_at`)}, c.client_id, coalesce(c.strategy_id, ${nil}), cd.channel, r.value ->> 'rule', (r.value ->> 'outcome')::decision_kind
        from batch b join compliance_decisions cd on cd.id = b.ref_id join cases c on c.id = cd.case_id
        cross join lateral jsonb_array_elements(cd.results) r
        where b.source = 'decision' and r.value ->> 'rule' is not null and r.value ->> 'outcome' in ('block', 'defer')
    ),
    decisions as (
      insert into rollup_decisions_daily as t (day, client_id, strategy_id, channel, rule, outcome, decisions)
      select day, client_id, strategy_id, channel, rule, outcome, count(*) from decision_rows group by 1, 2, 3, 4, 5, 6
      on conflict (day, client_id, strategy_id, channel, rule, outcome) do update set decisions = t.decisions + excluded.decisions
      returning 1
    )
    select (select count(*) from batch)::int as n, (select count(*) from portfolio) as p, (select count(*) from case_daily) as c,
      (select count(*) from decisions) as d`;
}

/** The Outreach funnel's inbox (rollup_step_inbox, from the trigger on outreach_steps): signed step
 *  counts moved between keys; the client is the case's (it never changes), the stage its step's. */
function foldStepBatchSql(batchSize: number) {
  return sql`
    with batch as (
      delete from rollup_step_inbox where id in (select id from rollup_step_inbox order by id limit ${batchSize} ${SKIP_LOCKED_FOR_DELETE})
      returning case_id, strategy_step_id, day, state, given_up, delta
    ),
    folded as (
      insert into rollup_outreach_daily as t (day, client_id, stage_id, state, given_up, steps)
      select b.day, c.client_id, ss.stage_id, b.state, b.given_up, sum(b.delta)
      from batch b join cases c on c.id = b.case_id join strategy_steps ss on ss.id = b.strategy_step_id
      group by 1, 2, 3, 4, 5
      on conflict (day, client_id, stage_id, state, given_up) do update set steps = t.steps + excluded.steps
      returning 1
    )
    select (select count(*) from batch)::int as n, (select count(*) from folded) as f`;
}
