import { DateTime } from "luxon";

export const BUCKETS = ["pre_due", "1_29", "30_59", "60_89", "90_179", "180_plus"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** DPD is counted in the debtor's calendar days (a due date is a calendar date, not an instant). */
export function daysPastDue(dueDate: string, now: Date, zone = "UTC"): number {
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const due = DateTime.fromISO(dueDate, { zone }).startOf("day");
  return Math.round(today.diff(due, "days").days);
}

export function bucketOf(dpd: number): Bucket {
  if (dpd <= 0) return "pre_due";
  if (dpd < 30) return "1_29";
  if (dpd < 60) return "30_59";
  if (dpd < 90) return "60_89";
  if (dpd < 180) return "90_179";
  return "180_plus";
}

/** The due-date range [from, to] (inclusive, ISO dates) of a bucket on a given day: used to filter in SQL
 *  against the accounts' due_date index rather than computing DPD row by row. */
export function bucketDueRange(bucket: Bucket, now: Date): { from: string | null; to: string | null } {
  const today = DateTime.fromJSDate(now, { zone: "UTC" }).startOf("day");
  const d = (n: number) => today.minus({ days: n }).toISODate();
  switch (bucket) {
    case "pre_due": return { from: d(0), to: null };
    case "1_29": return { from: d(29), to: d(1) };
    case "30_59": return { from: d(59), to: d(30) };
    case "60_89": return { from: d(89), to: d(60) };
    case "90_179": return { from: d(179), to: d(90) };
    case "180_plus": return { from: null, to: d(180) };
  }
}
