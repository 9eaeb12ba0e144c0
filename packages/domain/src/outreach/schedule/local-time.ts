import { DateTime } from "luxon";

/** The UTC instant of a local calendar date and "HH:MM" in a zone (DST-correct through luxon). */
export function localInstant(date: string, hhmm: string, zone: string): Date {
  const [h, m] = hhmm.split(":").map(Number);
  const dt = DateTime.fromISO(date, { zone }).set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
  if (!dt.isValid) throw new Error(`invalid local time ${date} ${hhmm} ${zone}`);
  return dt.toJSDate();
}

export function localDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: "UTC" }).diff(DateTime.fromISO(from, { zone: "UTC" }), "days").days);
}

/** Days since 1970-01-01 of a calendar date: used to key a stage entry into the plan key. */
export function epochDay(date: string): number {
  return Math.round(DateTime.fromISO(date, { zone: "UTC" }).toMillis() / 86_400_000);
}
