import { DateTime } from "luxon";

/**
 * The planner and the strategy what-if call these for every step of every case (the what-if ~10^6 times
 * for 5,000 cases over six weeks), so calendar arithmetic is plain UTC day counting and the one
 * zone-dependent conversion is remembered: luxon's offset lookup through Intl was most of the what-if's time.
 */
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date "YYYY-MM-DD" (no zone: a calendar date is not an instant). */
export function epochDay(date: string): number {
  const m = ISO_DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  // Date.UTC rolls 2026-02-31 over into March and month 13 into January: refuse them instead, as luxon did.
  const back = new Date(ms);
  if (!m || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) throw new Error(`invalid calendar date ${date}`);
  return ms / DAY_MS;
}

function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfEpochDay(epochDay(date) + days);
}

export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

const instants = new Map<string, number>();
const MAX_REMEMBERED = 50_000;

/** The UTC instant of a local calendar date and "HH:MM" in a zone (DST-correct through luxon). */
export function localInstant(date: string, hhmm: string, zone: string): Date {
  const key = `${date}|${hhmm}|${zone}`;
  const known = instants.get(key);
  if (known !== undefined) return new Date(known);
  const [h, m] = hhmm.split(":").map(Number);
  const dt = DateTime.fromISO(date, { zone }).set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
  if (!dt.isValid) throw new Error(`invalid local time ${date} ${hhmm} ${zone}`);
  if (instants.size >= MAX_REMEMBERED) instants.clear();
  instants.set(key, dt.toMillis());
  return dt.toJSDate();
}

export function localDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}
