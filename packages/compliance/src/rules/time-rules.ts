import { formatLocal } from "../time/local-time";
import { block, defer, type Context, type Rule, type Verdict } from "./context";
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

/** US-REGF-PLACE: times the consumer named as inconvenient. */
export const usPlace: Rule = {
  id: "US-REGF-PLACE",
  check(ctx, _params, t) {
    const windows = ctx.req.consumer.inconvenientWindows;
    if (!windows || windows.length === 0 || ctx.zones.length === 0) return null;
    const allowed = complementOf(windows);
    if (allowed.length === 0) return block({ variant: "allDay" });
    return windowVerdict(ctx, ctx.zones, allowed, t, { windows: windows.map((w) => `${w.from}–${w.to}`).join(", ") });
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
