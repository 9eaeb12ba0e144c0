// Zone arithmetic without a date library in the hot path: one cached Intl.DateTimeFormat per zone and
// a cache of offsets per zone and UTC day (see DaySpan).

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const BUCKET = 15 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, DaySpan>>();
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

/**
 * One UTC day of a zone: the offset at its start and, when the zone changes offset during that day, the
 * instant of the change and the offset after it. Zones change offset at most once a day, on a quarter
 * hour, so two formatter calls per zone-day (plus a short search on the rare transition day) answer
 * every lookup; without this a 50-entry history costs hundreds of formatter calls per check.
 */
interface DaySpan {
  before: number;
  at: number;
  after: number;
}

let lastZone = "";
let lastDay = NaN;
let lastSpan: DaySpan = { before: 0, at: Infinity, after: 0 };

function spanOf(zone: string, day: number, spans: Map<number, DaySpan>): DaySpan {
  const start = day * DAY;
  const before = spans.get(day - 1)?.after ?? computeOffset(zone, start);
  const after = spans.get(day + 1)?.before ?? computeOffset(zone, start + DAY);
  if (before === after) return { before, at: Infinity, after };
  let lo = start;
  let hi = start + DAY;
  while (hi - lo > BUCKET) {
    const mid = lo + Math.floor((hi - lo) / BUCKET / 2) * BUCKET;
    if (computeOffset(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return { before, at: hi, after };
}

/** Offset of `zone` from UTC at instant `t`, in milliseconds (local = t + offset). */
export function zoneOffset(zone: string, t: number): number {
  const day = Math.floor(t / DAY);
  if (zone === lastZone && day === lastDay) return t < lastSpan.at ? lastSpan.before : lastSpan.after;
  let spans = offsets.get(zone);
  if (!spans) {
    spans = new Map();
    offsets.set(zone, spans);
  }
  let span = spans.get(day);
  if (span === undefined) {
    // Bounded so a long-running worker with ever-new clocks cannot grow it without limit.
    if (spans.size > 100_000) spans.clear();
    span = spanOf(zone, day, spans);
    spans.set(day, span);
  }
  lastZone = zone;
  lastDay = day;
  lastSpan = span;
  return t < span.at ? span.before : span.after;
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

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** "YYYY-MM-DD" of a day number (days since 1970-01-01), by the civil-from-days algorithm. */
export function dayToDate(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** "YYYY-MM-DD HH:MM" local wall time of `t` in `zone`, for reasons a collector reads. */
export function formatLocal(zone: string, t: number): string {
  const local = t + zoneOffset(zone, t);
  const day = Math.floor(local / DAY);
  const minute = Math.floor((local - day * DAY) / MINUTE);
  return `${dayToDate(day)} ${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
}

export function parseLocalTime(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
