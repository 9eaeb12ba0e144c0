import { DateTime } from "luxon";

/** The debtor's calendar date today: promise and plan dates are judged in the debtor's zone. */
export function localToday(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

export function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ months }).toISODate()!;
}

export function zoneOf(person: { timeZones: string[]; country: string }): string {
  return person.timeZones[0] ?? (person.country === "CN" ? "Asia/Shanghai" : person.country === "GB" ? "Europe/London" : "America/New_York");
}

export const IsoDate = /^\d{4}-\d{2}-\d{2}$/;
