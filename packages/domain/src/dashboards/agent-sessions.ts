import { sql, type SQL } from "drizzle-orm";
import { utcDay } from "./rollup-sql";

/**
 * A work session: a run of one agent's case events (audit_events with a case) within one UTC day with
 * no gap longer than SESSION_GAP_MINUTES between two events (a gap of exactly the limit stays in the
 * session); its time is first to last event plus SESSION_TAIL_SECONDS for the work the last event
 * closed. Sessions are cut at midnight UTC: work from 23:50 to 00:10 is two sessions, one per day, so
 * each day's figure is final once the day ends and can be folded (rollup_agent_days) and summed.
 */
export const SESSION_GAP_MINUTES = 15;
export const SESSION_TAIL_SECONDS = 60;

/** The UTC midnight that starts calendar day `day` (an SQL date), as an instant. */
export const utcMidnight = (day: SQL): SQL => sql`((${day})::timestamp at time zone 'UTC')`;

/**
 * The case events of users in [fromDay, untilDay) (SQL dates; untilDay excluded) whose actor `who`
 * (a condition over `e`) selects, each as (agent, day, case_id, at, session): `session` numbers the
 * sessions of one agent's day. The one definition of a session, for the fold and the live read.
 */
export function caseEventsSql(fromDay: SQL, untilDay: SQL, who: SQL): SQL {
  const day = utcDay(sql`e.at`);
  return sql`
    select agent, day, case_id, at, sum(starts) over (partition by agent, day order by at rows unbounded preceding) as session
    from (
      select e.actor_user_id as agent, ${day} as day, e.case_id, e.at,
        case when lag(e.at) over w is null or e.at - lag(e.at) over w > make_interval(mins => ${SESSION_GAP_MINUTES}) then 1 else 0 end as starts
      from audit_events e
      where e.actor_user_id is not null and e.case_id is not null and ${who}
        and e.at >= ${utcMidnight(fromDay)} and e.at < ${utcMidnight(untilDay)}
      window w as (partition by e.actor_user_id, ${day} order by e.at)
    ) ev`;
}

/** Per (agent, day) of events shaped by caseEventsSql (relation `events`): sessions and microseconds. */
export function sessionTotalsSql(events: SQL): SQL {
  return sql`
    select agent, day, count(*)::int as sessions,
      sum(extract(epoch from span) * 1000000)::bigint + count(*) * ${SESSION_TAIL_SECONDS * 1_000_000}::bigint as micros
    from (select agent, day, max(at) - min(at) as span from ${events} group by agent, day, session) s
    group by agent, day`;
}
