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
