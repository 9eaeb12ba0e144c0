import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db, Tx } from "@casebook/db";
import { caseEventsSql, sessionTotalsSql } from "./agent-sessions";
import { foldDays, type DayFoldResult } from "./fold-days";
import { utcDay } from "./rollup-sql";

export type AgentDayFoldResult = DayFoldResult;

export const AGENT_DAYS_WATERMARK = "agent_days";
/**
 * A day is folded only this long after it ends. An audit event's instant is taken when its transaction
 * starts (the database's now(), or the verb's ctx.now), before it commits: an event stamped 23:59:59
 * may become visible after midnight. An hour covers any transaction of ours; until then the day is
 * computed live by getTeamActivity, so the figures are exact either way.
 */
export const AGENT_DAY_FOLD_DELAY_MINUTES = 60;

/**
 * Folds completed UTC days of users' case events into rollup_agent_days (sessions and time on cases)
 * and rollup_agent_case_days (cases touched), one day per transaction with the watermark, so a run
 * stopped half-way leaves whole days behind it. A database that never had the fold backfills from its
 * first case event, at most `maxDays` days a run. One fold at a time (transaction-scoped advisory
 * lock); a day already folded is never folded again, and folding one again would write the same rows.
 */
export async function foldAgentDays(ctx: { db: Db; now: Date }, opts: { maxDays?: number } = {}): Promise<AgentDayFoldResult> {
  return foldDays(ctx.db, {
    watermark: AGENT_DAYS_WATERMARK,
    lock: "casebook:agent-day-fold",
    lastDay: DateTime.fromJSDate(ctx.now, { zone: "UTC" }).minus({ minutes: AGENT_DAY_FOLD_DELAY_MINUTES }).startOf("day").minus({ days: 1 }).toISODate()!,
    firstDay: async (tx) => {
      // From the first case event of any user, each user's found at the start of their stretch of the
      // (actor, at) index (a walk of the whole `at` index would pass every system event first).
      const [first] = await tx.execute<{ day: string | null }>(sql`
        select ${utcDay(sql`min(f.at)`)}::text as day from users u
        cross join lateral (select min(e.at) as at from audit_events e where e.actor_user_id = u.id and e.case_id is not null) f`);
      return first?.day ?? null;
    },
    foldDay,
  }, opts.maxDays ?? 31);
}

/** One day: every user's sessions and cases of `dayIso`, as upserts (never increments), so writing a
 *  day again gives the same rows. */
async function foldDay(tx: Tx, dayIso: string) {
  const events = caseEventsSql(sql`${dayIso}::date`, sql`${dayIso}::date + 1`, sql`true`);
  await tx.execute(sql`
    with events as materialized (${events}),
    touched as (
      insert into rollup_agent_case_days (agent_id, day, case_id)
      select distinct agent, day, case_id from events
      on conflict do nothing
      returning 1
    )
    insert into rollup_agent_days (agent_id, day, sessions, micros)
    select agent, day, sessions, micros from (${sessionTotalsSql(sql`events`)}) t
    on conflict (agent_id, day) do update set sessions = excluded.sessions, micros = excluded.micros`);
}
