import { DAY, localMinute, localDay, parseLocalTime, wallToInstant, zoneOffset } from "../time/local-time";

/** Allowed stretches of a local day, in minutes [from, to), sorted and disjoint. */
export type Intervals = ReadonlyArray<readonly [number, number]>;

const FULL_DAY: Intervals = [[0, 1440]];

export function windowIntervals(start: string, end: string): Intervals {
  const s = parseLocalTime(start);
  const e = parseLocalTime(end);
  return s < e ? [[s, e]] : s > e ? [[0, e], [s, 1440]] : [];
}

/** The day minus the times a person named as inconvenient (each "from"–"to", wrapping past midnight). */
export function complementOf(windows: ReadonlyArray<{ from: string; to: string }>): Intervals {
  let allowed: Intervals = FULL_DAY;
  for (const w of windows) {
    const f = parseLocalTime(w.from);
    const t = parseLocalTime(w.to);
    // from == to names no length of time we could honour partly: read it as the whole day (fail closed).
    const blocked: Intervals = f < t ? [[f, t]] : f > t ? [[f, 1440], [0, t]] : FULL_DAY;
    for (const [bf, bt] of blocked) allowed = subtract(allowed, bf, bt);
  }
  return allowed;
}

function subtract(intervals: Intervals, from: number, to: number): Intervals {
  const out: Array<readonly [number, number]> = [];
  for (const [a, b] of intervals) {
    if (to <= a || from >= b) out.push([a, b]);
    else {
      if (a < from) out.push([a, from]);
      if (to < b) out.push([to, b]);
    }
  }
  return out;
}

export function intersect(x: Intervals, y: Intervals): Intervals {
  const out: Array<readonly [number, number]> = [];
  for (const [a, b] of x) for (const [c, d] of y) {
    const lo = Math.max(a, c);
    const hi = Math.min(b, d);
    if (lo < hi) out.push([lo, hi]);
  }
  return out.sort((p, q) => p[0] - q[0]);
}

function nextInZone(zone: string, intervals: Intervals, t: number): number | null {
  const m = localMinute(zone, t);
  for (const [a, b] of intervals) if (m >= a && m < b) return t;
  const day = Math.floor((t + zoneOffset(zone, t)) / DAY);
  for (const [a] of intervals) {
    if (a > m) {
      const at = wallToInstant(zone, day, a);
      if (at > t) return at;
    }
  }
  for (let d = day + 1; d <= day + 3; d++) {
    for (const [a] of intervals) {
      const at = wallToInstant(zone, d, a);
      if (at > t && localDay(zone, at) >= d) return at;
    }
  }
  return null;
}

/**
 * The earliest instant >= t that falls inside `intervals` in every zone at once, or null when there is
 * none within a week (the intersection is empty). `t` itself is returned when it is already inside.
 */
export function nextAllowed(zones: readonly string[], intervals: Intervals, t: number): number | null {
  if (intervals.length === 0 || zones.length === 0) return null;
  const limit = t + 8 * DAY;
  let at = t;
  for (let i = 0; i < 64; i++) {
    let moved = false;
    for (const zone of zones) {
      const next = nextInZone(zone, intervals, at);
      if (next === null) return null;
      if (next > at) {
        at = next;
        moved = true;
      }
    }
    if (!moved) return at;
    if (at > limit) return null;
  }
  return null;
}
