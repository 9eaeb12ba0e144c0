import { formatLocal, localDay, localMinute } from "../time/local-time";
import { CONSUMER_ROLES, block, defer, type Context, type Rule, type Verdict } from "./context";
import { optOutApplies } from "./address";
import { complementOf, intersect, nextAllowed, windowIntervals, type Intervals } from "./windows";

function windowVerdict(ctx: Context, zones: readonly string[], intervals: Intervals, t: number, params: Record<string, string | number>): Verdict {
  const at = nextAllowed(zones, intervals, t);
  if (at === null) return block({ variant: "empty", zones: zones.join(", "), ...params });
  if (at === t) return null;
  const outside = zones.find((z) => nextAllowed([z], intervals, t) !== t) ?? zones[0]!;
  return defer(at, { zone: outside, local: formatLocal(outside, t), zones: zones.join(", "), ...params });
}

function usWindow(ctx: Context): { start: string; end: string } {
  const rule = ctx.ruleSet.rules.find((r) => r.id === "US-REGF-TIME");
  return (rule?.params as { start: string; end: string } | undefined) ?? { start: "08:00", end: "21:00" };
}

/** US-REGF-TIME: 08:00–21:00 where the consumer is, every channel, judged at send time. */
export const usTime: Rule = {
  id: "US-REGF-TIME",
  check(ctx, params, t) {
    if (ctx.zones.length !== 1) return null; // several or none: US-REGF-TIME-MULTITZ decides
    const { start, end } = params as { start: string; end: string };
    return windowVerdict(ctx, ctx.zones, windowIntervals(start, end), t, { start, end });
  },
};

/** US-REGF-TIME-MULTITZ: location ambiguous, so the time must be convenient in every candidate zone. */
export const usTimeMultiZone: Rule = {
  id: "US-REGF-TIME-MULTITZ",
  check(ctx, _params, t) {
    if (ctx.zones.length === 0) return block({ variant: "noZone" });
    if (ctx.zones.length === 1) return null;
    const { start, end } = usWindow(ctx);
    return windowVerdict(ctx, ctx.zones, windowIntervals(start, end), t, { start, end });
  },
};

/** The stretch of the local day (minutes [from, to)) outside `allowed` that holds minute `m`, if any. */
function blockedStretch(allowed: Intervals, m: number): readonly [number, number] | null {
  let from = 0;
  for (const [a, b] of allowed) {
    if (m < a) return [from, a];
    if (m < b) return null;
    from = b;
  }
  return [from, 1440];
}

type Reply = "allowed" | "replied" | "none";

/**
 * Comment 6(b)(1)-2: a consumer who writes in during a window they named inconvenient may get one
 * reply through the same medium then. "Then" is the same stretch of the same local day, in every
 * candidate zone in which `t` is inside a named window; "one" is: no outbound contact to the consumer
 * in that channel since their latest inbound one.
 */
function replyToInbound(ctx: Context, allowed: Intervals, t: number): Reply {
  const { channel } = ctx.req.proposed;
  if (!CONSUMER_ROLES.has(ctx.req.proposed.party.role)) return "none";
  let inbound = -1;
  for (let i = 0; i < ctx.history.length; i++) {
    const e = ctx.history[i]!;
    if (e.direction === "inbound" && e.channel === channel && CONSUMER_ROLES.has(e.party.role) && ctx.times[i]! <= t && (inbound < 0 || ctx.times[i]! >= ctx.times[inbound]!)) inbound = i;
  }
  if (inbound < 0) return "none";
  const at = ctx.times[inbound]!;
  for (const zone of ctx.zones) {
    const stretch = blockedStretch(allowed, localMinute(zone, t));
    if (!stretch) continue;
    const m = localMinute(zone, at);
    if (localDay(zone, at) !== localDay(zone, t) || m < stretch[0] || m >= stretch[1]) return "none";
  }
  for (let i = 0; i < ctx.history.length; i++) {
    const e = ctx.history[i]!;
    if (e.direction === "outbound" && e.channel === channel && CONSUMER_ROLES.has(e.party.role) && ctx.times[i]! >= at) return "replied";
  }
  return "allowed";
}

/** US-REGF-PLACE: times the consumer named as inconvenient, less the one reply to their own message. */
export const usPlace: Rule = {
  id: "US-REGF-PLACE",
  check(ctx, _params, t) {
    const windows = ctx.req.consumer.inconvenientWindows;
    if (!windows || windows.length === 0 || ctx.zones.length === 0) return null;
    const allowed = complementOf(windows);
    const named = windows.map((w) => `${w.from}–${w.to}`).join(", ");
    const verdict = allowed.length === 0 ? block({ variant: "allDay" }) : windowVerdict(ctx, ctx.zones, allowed, t, { windows: named });
    if (!verdict) return null;
    const reply = replyToInbound(ctx, allowed, t);
    if (reply === "allowed") return null;
    if (reply === "replied") return { ...verdict, params: { ...verdict.params, variant: verdict.outcome === "block" ? "allDayReplied" : "replied", windows: named } };
    return verdict;
  },
};

/** CN-TIME: none 22:00–08:00 Asia/Shanghai (and wherever else the person may be), every channel. */
export const cnTime: Rule = {
  id: "CN-TIME",
  check(ctx, params, t) {
    if (ctx.zones.length === 0) return block({ variant: "noZone" });
    const { start, end, zone } = params as { start: string; end: string; zone: string };
    const zones = ctx.zones.includes(zone) ? ctx.zones : [zone, ...ctx.zones];
    return windowVerdict(ctx, zones, windowIntervals(start, end), t, { start, end });
  },
};

/** UK-CONC-TIME: reasonable hours, and the customer's own requests on when and how. */
export const ukTime: Rule = {
  id: "UK-CONC-TIME",
  check(ctx, params, t) {
    if (ctx.zones.length === 0) return block({ variant: "noZone" });
    if (optOutApplies(ctx)) return block({ variant: "optOut" });
    const { start, end } = params as { start: string; end: string };
    let intervals = windowIntervals(start, end);
    const windows = ctx.req.consumer.inconvenientWindows;
    if (windows && windows.length > 0) intervals = intersect(intervals, complementOf(windows));
    return windowVerdict(ctx, ctx.zones, intervals, t, { start, end });
  },
};
