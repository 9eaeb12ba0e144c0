import { DateTime } from "luxon";

/**
 * The planner and the strategy what-if call these for every step of every case (the what-if ~10^6 times
 * for 5,000 cases over six weeks), so calendar arithmetic is plain UTC day counting and the one
 * zone-dependent conversion is remembered: luxon's offset lookup through Intl was most of the what-if's time.
 */
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_REMEMBERED = 200_000;

/** Calendar dates already counted, and day numbers already written (a run meets a few hundred of each). */
const epochDays = new Map<string, number>();
const dateStrings = new Map<number, string>();

/** Days since 1970-01-01 of a calendar date "YYYY-MM-DD" (no zone: a calendar date is not an instant). */
export function epochDay(date: string): number {
  const known = epochDays.get(date);
  if (known !== undefined) return known;
  const day = countDays(date);
  if (epochDays.size >= MAX_REMEMBERED) epochDays.clear();
  epochDays.set(date, day);
  return day;
}

function countDays(date: string): number {
  const m = ISO_DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  // Date.UTC rolls 2026-02-31 over into March and month 13 into January: refuse them instead, as luxon did.
  const back = new Date(ms);
  if (!m || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) throw new Error(`invalid calendar date ${date}`);
  return ms / DAY_MS;
}

function dateOfEpochDay(day: number): string {
  let date = dateStrings.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dateStrings.size >= MAX_REMEMBERED) dateStrings.clear();
    dateStrings.set(day, date);
  }
  return date;
}

export function addDays(date: string, days: number): string {
  return dateOfEpochDay(epochDay(date) + days);
}

export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/**
 * A zone's UTC offset (minutes) over a whole UTC day, or null when it changes that day (a DST change, a
 * few days a year, or an invalid zone): then luxon answers. Keyed by zone and day, a few thousand entries.
 */
const dayOffsets = new Map<string, Map<number, number | null>>();

function offsetOverDay(zone: string, day: number): number | null {
  let byDay = dayOffsets.get(zone);
  if (!byDay) {
    byDay = new Map();
    dayOffsets.set(zone, byDay);
  }
  let offset = byDay.get(day);
  if (offset === undefined) {
    // Same offset at both ends of the day: no change inside it (two changes within one day never happen).
    const first = DateTime.fromMillis(day * DAY_MS, { zone });
    const last = DateTime.fromMillis((day + 1) * DAY_MS - 1, { zone });
    offset = first.isValid && last.isValid && first.offset === last.offset ? first.offset : null;
    if (byDay.size >= MAX_REMEMBERED) byDay.clear();
    byDay.set(day, offset);
  }
  return offset;
}

const nearChange = new Map<string, number>();

/** The UTC instant of a local calendar date and "HH:MM" in a zone (DST-correct through luxon). */
export function localInstant(date: string, hhmm: string, zone: string): Date {
  const day = epochDay(date);
  const [h, m] = hhmm.split(":").map(Number);
  // No offset change from the day before to the day after (UTC): the local wall time has one instant.
  const offset = offsetOverDay(zone, day);
  if (offset !== null && offsetOverDay(zone, day - 1) === offset && offsetOverDay(zone, day + 1) === offset && h !== undefined && m !== undefined && h >= 0 && h < 24 && m >= 0 && m < 60) {
    return new Date(day * DAY_MS + (h * 60 + m - offset) * 60_000);
  }
  // Near a change of offset luxon decides (a wall time in a gap or an overlap), and is remembered.
  const key = `${date}|${hhmm}|${zone}`;
  const known = nearChange.get(key);
  if (known !== undefined) return new Date(known);
  const dt = DateTime.fromISO(date, { zone }).set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
  if (!dt.isValid) throw new Error(`invalid local time ${date} ${hhmm} ${zone}`);
  if (nearChange.size >= MAX_REMEMBERED) nearChange.clear();
  nearChange.set(key, dt.toMillis());
  return dt.toJSDate();
}

/** The local calendar date of an instant in a zone: the instant shifted by the zone's offset then. */
export function localDate(at: Date, zone: string): string {
  const t = at.getTime();
  const offset = Number.isFinite(t) ? offsetOverDay(zone, Math.floor(t / DAY_MS)) : null;
  if (offset === null) return DateTime.fromJSDate(at, { zone }).toISODate()!;
  return new Date(t + offset * 60_000).toISOString().slice(0, 10);
}
