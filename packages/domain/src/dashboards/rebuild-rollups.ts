import { sql } from "drizzle-orm";
import type { Db } from "@casebook/db";
import { REACH_OUTCOMES, bucketSql, caseMetricsOf, NIL_UUID, utcDay } from "./rollup-sql";

export interface RebuildResult {
  /** Inbox rows (rollup_inbox + rollup_step_inbox) the rebuild made unnecessary. */
  inbox: number;
  portfolioRows: number;
  /** rollup_case_daily rows (written by the portfolio's statement, from the same ledger rows). */
  caseRows: number;
  decisionRows: number;
  outreachRows: number;
  /** Another fold held the lock: nothing was done. */
  busy: boolean;
}

const nil = sql.raw(`'${NIL_UUID}'::uuid`);
const reach = sql.raw(REACH_OUTCOMES.map((o) => `'${o}'`).join(", "));

/**
 * The dashboard rollups computed afresh from the ledger in a few set-wise statements, for a database
 * whose inbox holds millions of rows (the large-scale seed: ~25,000,000 after a 10,000,000-attempt
 * book, which the batch fold takes most of an hour to work through; this takes minutes). It is the
 * fold of every queued row at once: under the fold's lock and ONE snapshot (repeatable read), the
 * queued rows visible to it are deleted and the rollups rewritten from the ledger rows visible to it;
 * a row committed meanwhile, with its inbox row, is invisible to both and left for the next fold.
 * Dimensions are the cases' current ones (the fold takes them at fold time). The drill-down's per-case
 * rollup (rollup_case_daily) is written by the portfolio's statement, from the same ledger rows. The
 * bucket-day moves (foldBucketDays) have their own watermark and are not touched.
 */
export async function rebuildRollups(ctx: { db: Db }): Promise<RebuildResult> {
  return ctx.db.transaction(
    async (tx) => {
      const [lock] = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext('casebook:rollup-fold')) as ok`);
      if (!lock?.ok) return { inbox: 0, portfolioRows: 0, caseRows: 0, decisionRows: 0, outreachRows: 0, busy: true };
      await tx.execute(sql`set local work_mem = '256MB'`);
      const inbox = (await tx.execute(sql`delete from rollup_inbox`)).count + (await tx.execute(sql`delete from rollup_step_inbox`)).count;
      await tx.execute(sql`delete from rollup_portfolio_daily`);
      await tx.execute(sql`delete from rollup_decisions_daily`);
      await tx.execute(sql`delete from rollup_outreach_daily`);
      await tx.execute(sql`delete from rollup_case_daily`);
      const portfolio = await tx.execute(sql`
        with reached as (
          select attempt_id, bool_or(outcome = 'conversation') as conversation
          from contact_outcomes where outcome in (${reach}) group by attempt_id
        ),
        raw (day, case_id, agent, attempts, contacts, conversations, rpcs, promises_made, promised_minor, promises_kept, promises_broken, payments, collected_minor, placed_accounts, placed_minor, kept_minor, broken_minor) as (
          select ${utcDay(sql`a.started_at`)}, a.case_id, a.agent_user_id, 1, (r.attempt_id is not null)::int, coalesce(r.conversation, false)::int,
              (coalesce(r.conversation, false) and a.party_role = 'consumer')::int, 0, 0::bigint, 0, 0, 0, 0::bigint, 0, 0::bigint, 0::bigint, 0::bigint
            from contact_attempts a left join reached r on r.attempt_id = a.id where a.direction = 'outbound'
          union all
          select ${utcDay(sql`p.created_at`)}, p.case_id, p.created_by, 0, 0, 0, 0, 1, p.amount_minor, 0, 0, 0, 0::bigint, 0, 0::bigint, 0::bigint, 0::bigint from promises p
          union all
          select p.due_date, p.case_id, p.created_by, 0, 0, 0, 0, 0, 0::bigint, (p.status = 'kept')::int, (p.status = 'broken')::int, 0, 0::bigint, 0, 0::bigint,
              case when p.status = 'kept' then p.amount_minor else 0 end, case when p.status = 'broken' then p.amount_minor else 0 end
            from promises p where p.status in ('kept', 'broken')
          union all
          select ${utcDay(sql`p.received_at`)}, p.case_id, p.posted_by, 0, 0, 0, 0, 0, 0::bigint, 0, 0, 1, p.amount_minor, 0, 0::bigint, 0::bigint, 0::bigint
            from payments p where p.status = 'posted'
          union all
          select ${utcDay(sql`pl.received_at`)}, ac.case_id, null::uuid, 0, 0, 0, 0, 0, 0::bigint, 0, 0, 0, 0::bigint, 1, ac.placed_balance_minor, 0::bigint, 0::bigint
            from accounts ac join placements pl on pl.id = ac.placement_id
        ),
        case_due as (select case_id, min(due_date) as due from accounts group by case_id),
        case_daily as (
          insert into rollup_case_daily (metric, day, case_id, events, amount)
          select m.metric, r.day, r.case_id, sum(m.events), sum(m.amount)
          from raw r cross join lateral ${caseMetricsOf(sql`r`)}
          where m.events <> 0 or m.amount <> 0
          group by 1, 2, 3
        )
        insert into rollup_portfolio_daily (day, client_id, team_id, strategy_id, bucket, agent_id, currency, attempts, contacts, conversations, rpcs,
          promises_made, promised_minor, promises_kept, promises_broken, payments, collected_minor, placed_accounts, placed_minor)
        select r.day, c.client_id, c.team_id, coalesce(c.strategy_id, ${nil}), ${bucketSql(sql`r.day`, sql`coalesce(d.due, r.day)`)}, coalesce(r.agent, ${nil}), cl.currency,
          sum(r.attempts), sum(r.contacts), sum(r.conversations), sum(r.rpcs), sum(r.promises_made), sum(r.promised_minor), sum(r.promises_kept),
          sum(r.promises_broken), sum(r.payments), sum(r.collected_minor), sum(r.placed_accounts), sum(r.placed_minor)
        from raw r join cases c on c.id = r.case_id join clients cl on cl.id = c.client_id left join case_due d on d.case_id = r.case_id
        group by 1, 2, 3, 4, 5, 6, 7`);
      const decisions = await tx.execute(sql`
        with decision_rows as (
          select ${utcDay(sql`cd.evaluated_at`)} as day, c.client_id, coalesce(c.strategy_id, ${nil}) as strategy_id, cd.channel, '' as rule, cd.decision as outcome
            from compliance_decisions cd join cases c on c.id = cd.case_id
          union all
          select ${utcDay(sql`cd.evaluated_at`)}, c.client_id, coalesce(c.strategy_id, ${nil}), cd.channel, r.value ->> 'rule', (r.value ->> 'outcome')::decision_kind
            from compliance_decisions cd join cases c on c.id = cd.case_id cross join lateral jsonb_array_elements(cd.results) r
            where r.value ->> 'rule' is not null and r.value ->> 'outcome' in ('block', 'defer')
        )
        insert into rollup_decisions_daily (day, client_id, strategy_id, channel, rule, outcome, decisions)
        select day, client_id, strategy_id, channel, rule, outcome, count(*) from decision_rows group by 1, 2, 3, 4, 5, 6`);
      const outreach = await tx.execute(sql`
        insert into rollup_outreach_daily (day, client_id, stage_id, state, given_up, steps)
        select ${utcDay(sql`os.due_at`)}, c.client_id, ss.stage_id, os.state, os.reason is not distinct from 'retries_exhausted', count(*)
        from outreach_steps os join cases c on c.id = os.case_id join strategy_steps ss on ss.id = os.strategy_step_id
        group by 1, 2, 3, 4, 5`);
      const [cases] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from rollup_case_daily`);
      return { inbox, portfolioRows: portfolio.count, caseRows: Number(cases?.n ?? 0), decisionRows: decisions.count, outreachRows: outreach.count, busy: false };
    },
    { isolationLevel: "repeatable read" },
  );
}
