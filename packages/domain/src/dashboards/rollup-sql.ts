import { sql, type SQL } from "drizzle-orm";

/** "None" in a rollup key column (strategy, agent): keys cannot hold NULL. */
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** Outcomes that mean the attempt reached a person (anyone: the contact rate's numerator). */
export const REACH_OUTCOMES = ["conversation", "wrong_party", "refused"] as const;

/** The days-past-due bucket (domain/cases/buckets.ts, in SQL) of a case whose earliest due date is
 *  `due` on calendar day `day`. */
export function bucketSql(day: SQL, due: SQL): SQL {
  return sql`case
    when ${day} - ${due} <= 0 then 'pre_due'
    when ${day} - ${due} < 30 then '1_29'
    when ${day} - ${due} < 60 then '30_59'
    when ${day} - ${due} < 90 then '60_89'
    when ${day} - ${due} < 180 then '90_179'
    else '180_plus' end`;
}

/** The UTC calendar day of an instant. */
export const utcDay = (instant: SQL): SQL => sql`(${instant} at time zone 'UTC')::date`;

/** The drill-down's metrics (rollup_case_daily) of a row `r` of the folds' measures, as rows
 *  m (metric, events, amount), for a lateral join: one row per metric, zeros included. */
export function caseMetricsOf(r: SQL): SQL {
  const m = (metric: string, events: string, amount: string) => sql`(${sql.raw(`'${metric}'::case_drill_metric`)}, ${r}.${sql.raw(events)}, ${amount === "0" ? sql.raw("0::bigint") : sql`${r}.${sql.raw(amount)}`})`;
  return sql`(values ${sql.join([
    m("attempts", "attempts", "0"), m("contacts", "contacts", "0"), m("rpcs", "rpcs", "0"),
    m("promisesMade", "promises_made", "promised_minor"), m("promisesKept", "promises_kept", "kept_minor"),
    m("promisesBroken", "promises_broken", "broken_minor"), m("collected", "payments", "collected_minor"),
  ], sql`, `)}) as m (metric, events, amount)`;
}
