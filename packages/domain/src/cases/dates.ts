import { DateTime } from "luxon";
import { defaultTimeZone } from "@casebook/compliance";

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

/** The debtor's own zone, else the default of their country (one answer: compliance's defaultTimeZone). */
export function zoneOf(person: { timeZones: string[]; country: string }): string {
  return person.timeZones[0] ?? defaultTimeZone(person.country);
}

export const IsoDate = /^\d{4}-\d{2}-\d{2}$/;
