// Zone arithmetic without a date library in the hot path: one cached Intl.DateTimeFormat per zone and
// a cache of offsets per 15-minute UTC bucket (every transition in the tz database since 1970 falls on a
// quarter hour, so an offset read at a bucket's start holds for the whole bucket).

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const BUCKET = 15 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const validity = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let ok = validity.get(zone);
  if (ok === undefined) {
    try {
      formatterFor(zone);
      ok = true;
    } catch {
      ok = false;
    }
    validity.set(zone, ok);
  }
  return ok;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

function computeOffset(zone: string, t: number): number {
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of formatterFor(zone).formatToParts(t)) {
    switch (p.type) {
      case "year": y = Number(p.value); break;
      case "month": mo = Number(p.value); break;
      case "day": d = Number(p.value); break;
      case "hour": h = Number(p.value); break;
      case "minute": mi = Number(p.value); break;
      case "second": s = Number(p.value); break;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - t;
}

/** Offset of `zone` from UTC at instant `t`, in milliseconds (local = t + offset). */
export function zoneOffset(zone: string, t: number): number {
  let perZone = offsets.get(zone);
  if (!perZone) {
    perZone = new Map();
    offsets.set(zone, perZone);
  }
  const bucket = Math.floor(t / BUCKET);
  let off = perZone.get(bucket);
  if (off === undefined) {
    // Bounded so a long-running worker with ever-new clocks cannot grow it without limit.
    if (perZone.size > 200_000) perZone.clear();
    off = computeOffset(zone, bucket * BUCKET);
    perZone.set(bucket, off);
  }
  return off;
}

/** Local calendar day number (days since 1970-01-01 in local wall time). */
export function localDay(zone: string, t: number): number {
  return Math.floor((t + zoneOffset(zone, t)) / DAY);
}

/** Local minute of the day, 0..1439. */
export function localMinute(zone: string, t: number): number {
  const local = t + zoneOffset(zone, t);
  return Math.floor((local - Math.floor(local / DAY) * DAY) / MINUTE);
}

/**
 * The instant at which local wall time in `zone` reads day `day`, minute `minute`. A wall time inside a
 * spring-forward gap does not exist; it is shifted forward by the gap (Temporal's "compatible").
 */
export function wallToInstant(zone: string, day: number, minute: number): number {
  const local = day * DAY + minute * MINUTE;
  const guess = local - zoneOffset(zone, local - zoneOffset(zone, local));
  const off = zoneOffset(zone, guess);
  const t = local - off;
  const off2 = zoneOffset(zone, t);
  if (off2 === off) return t;
  return Math.max(local - off, local - off2);
}

export function startOfLocalDay(zone: string, day: number): number {
  return wallToInstant(zone, day, 0);
}

export function ceilMinute(t: number): number {
  return Math.ceil(t / MINUTE) * MINUTE;
}

/** "YYYY-MM-DD" of a local day number. */
export function dayToDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD HH:MM" local wall time of `t` in `zone`, for reasons a collector reads. */
export function formatLocal(zone: string, t: number): string {
  const local = new Date(t + zoneOffset(zone, t)).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

export function parseLocalTime(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
