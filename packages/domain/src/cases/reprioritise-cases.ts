import { sql } from "drizzle-orm";
import { defaultTimeZone } from "@casebook/compliance";
import { z } from "zod";
import type { DbOrTx } from "@casebook/db";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { uuidArray } from "./sql-values";
import { CLOSED_ACCOUNT_STATUSES_SQL } from "./account-status";

/** Reason codes, in the order they outrank each other. The console translates them (queue.reason.*). */
export const PRIORITY_REASONS = [
  "callback_due", "promise_due_today", "broken_promise", "new_placement", "reachable_high_balance",
  "not_reachable_now", "promised", "on_plan", "disputed", "on_hold",
] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export const ReprioritiseCases = z.object({ caseIds: z.array(z.uuid()).max(10_000).optional() });
export type ReprioritiseCases = z.infer<typeof ReprioritiseCases>;

/**
 * One set-based UPDATE recomputing priority_score and priority_reason for every open case (or the given
 * ones). The score ranks by what the agent can do now: a callback the debtor asked for, a promise due
 * today, a promise just broken, a new placement nobody has called, then balance weighted by whether the
 * debtor's local time is inside calling hours. Cases the rules forbid to work (holds, disputes) sink.
 * The reason code explains the position in the queue. Writes no audit: it changes no fact, only order.
 */
export async function reprioritiseCases(ctx: DomainContext | { db: DbOrTx; now: Date }, input: ReprioritiseCases = {}): Promise<{ updated: number }> {
  const { caseIds } = parseInput(ReprioritiseCases, input);
  return reprioritiseIn(ctx.db, ctx.now, caseIds);
}

export async function reprioritiseIn(db: DbOrTx, now: Date, caseIds?: string[]): Promise<{ updated: number }> {
  if (caseIds && caseIds.length === 0) return { updated: 0 };
  const nowIso = now.toISOString();
  // The person's zone, else their country's default (compliance's defaultTimeZone, the one answer).
  const zoneOf = sql`coalesce(p.time_zones[1], case p.country when 'CN' then ${defaultTimeZone("CN")} when 'GB' then ${defaultTimeZone("GB")} else ${defaultTimeZone("US")} end) as tz`;
  const only = caseIds ? sql`and c.id = any(${uuidArray(caseIds)}::uuid[])` : sql``;
  // Whole book: aggregate each table once and hash-join (one pass each). A few cases (a verb's own): the
  // correlated form, which touches only those cases' rows through their indexes.
  const facts = caseIds
    ? sql`
      select c.id, c.callback_at, c.opened_at, c.last_contact_at, ${zoneOf},
        coalesce((select sum(a.balance_minor) from accounts a where a.case_id = c.id and a.status not in (${CLOSED_ACCOUNT_STATUSES_SQL})), 0)
          / case when (select min(a.currency) from accounts a where a.case_id = c.id) = 'CNY' then 7 else 1 end as bal,
        exists (select 1 from holds h where h.person_id = c.person_id and h.released_at is null) as on_hold,
        exists (select 1 from disputes d where d.case_id = c.id and d.status = 'open') as disputed,
        (select min(pr.due_date) from promises pr where pr.case_id = c.id and pr.status = 'pending') as promise_due,
        exists (select 1 from promises pr where pr.case_id = c.id and pr.status = 'broken' and pr.resolved_at > ${nowIso}::timestamptz - interval '14 days') as broken,
        exists (select 1 from payment_plans pl where pl.case_id = c.id and pl.status = 'active') as on_plan
      from cases c join persons p on p.id = c.person_id
      where c.status = 'open' ${only}`
    : sql`
      select c.id, c.callback_at, c.opened_at, c.last_contact_at, ${zoneOf},
        coalesce(acc.bal, 0) / case when acc.cur = 'CNY' then 7 else 1 end as bal,
        hl.person_id is not null as on_hold, dp.case_id is not null as disputed,
        pr.promise_due, coalesce(pr.broken, false) as broken, pl.case_id is not null as on_plan
      from cases c join persons p on p.id = c.person_id
      left join (select case_id, sum(balance_minor) filter (where status not in (${CLOSED_ACCOUNT_STATUSES_SQL})) as bal, min(currency) as cur
                 from accounts group by case_id) acc on acc.case_id = c.id
      left join (select case_id, min(due_date) filter (where status = 'pending') as promise_due,
                   bool_or(status = 'broken' and resolved_at > ${nowIso}::timestamptz - interval '14 days') as broken
                 from promises group by case_id) pr on pr.case_id = c.id
      left join (select distinct person_id from holds where released_at is null) hl on hl.person_id = c.person_id
      left join (select distinct case_id from disputes where status = 'open') dp on dp.case_id = c.id
      left join (select distinct case_id from payment_plans where status = 'active') pl on pl.case_id = c.id
      where c.status = 'open'`;
  const rows = await db.execute(sql`
    with facts as (${facts}
    ), local as (
      select f.*, (${nowIso}::timestamptz at time zone f.tz) as local_ts,
        least(199, greatest(0, floor(ln(greatest(f.bal, 100) / 100.0) * 20)))::int as bal_pts
      from facts f
    ), scored as (
      select l.id,
        case
          when l.on_hold then 0
          when l.disputed then 5
          when l.callback_at is not null and l.callback_at <= ${nowIso}::timestamptz + interval '30 minutes' and l.callback_at > ${nowIso}::timestamptz - interval '1 day' then 1000 + l.bal_pts
          when l.promise_due is not null and l.promise_due <= l.local_ts::date then 900 + l.bal_pts
          when l.broken then 800 + l.bal_pts
          when l.opened_at > ${nowIso}::timestamptz - interval '7 days' and l.last_contact_at is null then 700 + l.bal_pts
          when l.promise_due is not null then 50
          when l.on_plan then 40
          when extract(hour from l.local_ts) >= 8 and extract(hour from l.local_ts) < 21 then 400 + l.bal_pts
          else 100 + l.bal_pts
        end as score,
        case
          when l.on_hold then 'on_hold'
          when l.disputed then 'disputed'
          when l.callback_at is not null and l.callback_at <= ${nowIso}::timestamptz + interval '30 minutes' and l.callback_at > ${nowIso}::timestamptz - interval '1 day' then 'callback_due'
          when l.promise_due is not null and l.promise_due <= l.local_ts::date then 'promise_due_today'
          when l.broken then 'broken_promise'
          when l.opened_at > ${nowIso}::timestamptz - interval '7 days' and l.last_contact_at is null then 'new_placement'
          when l.promise_due is not null then 'promised'
          when l.on_plan then 'on_plan'
          when extract(hour from l.local_ts) >= 8 and extract(hour from l.local_ts) < 21 then 'reachable_high_balance'
          else 'not_reachable_now'
        end as reason
      from local l
    )
    update cases c set priority_score = s.score, priority_reason = s.reason
    from scored s
    where c.id = s.id and (c.priority_score is distinct from s.score or c.priority_reason is distinct from s.reason)
    returning c.id`);
  return { updated: rows.length };
}
