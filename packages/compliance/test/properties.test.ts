import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { evaluate, PURPOSES, type CheckRequest, type HistoryEntry, type Outcome, type Purpose, type RuleSetId } from "../src/index";

// Properties checked against luxon as an independent oracle for local time.

const DAY = 86_400_000;
const NUMBER = "+12125550100";
const ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "Europe/London", "Asia/Shanghai"];
const US_ZONES = ZONES.slice(0, 7);
const START = Date.parse("2026-01-01T00:00:00Z");
const END = Date.parse("2026-12-20T00:00:00Z");
const OUTCOMES: Outcome[] = ["not_connected", "no_answer", "voicemail", "conversation", "wrong_party"];

const localDayOf = (t: number, zone: string) => Date.parse(DateTime.fromMillis(t, { zone }).toISODate()!) / DAY;
const localMinutes = (t: number, zone: string) => {
  const d = DateTime.fromMillis(t, { zone });
  return d.hour * 60 + d.minute;
};

function windowFor(ruleSet: RuleSetId, zones: string[]): { zones: string[]; from: number; to: number } {
  if (ruleSet === "CN-CBA") return { zones: [...new Set(["Asia/Shanghai", ...zones])], from: 480, to: 1320 };
  return { zones, from: 480, to: 1260 };
}
function insideWindow(t: number, w: { zones: string[]; from: number; to: number }): boolean {
  return w.zones.every((z) => {
    const m = localMinutes(t, z);
    return m >= w.from && m < w.to;
  });
}

function callRequest(ruleSet: RuleSetId, zones: string[], now: number, history: HistoryEntry[], debtIds: string[]): CheckRequest {
  return {
    ruleSet,
    now: new Date(now).toISOString(),
    consumer: { id: "c1", country: ruleSet === "CN-CBA" ? "CN" : ruleSet === "UK-CONC" ? "GB" : "US", timeZones: zones },
    debtIds,
    history,
    proposed: { channel: "call", party: { role: "consumer", id: "c1", address: NUMBER, addressType: "personal" }, purpose: "collection" },
  };
}

const step = fc.record({
  gapMinutes: fc.integer({ min: 1, max: 720 }),
  outcome: fc.constantFrom(...OUTCOMES),
  debts: fc.constantFrom<string[]>(["d1"], ["d2"], ["d1", "d2"]),
  followDefer: fc.boolean(),
});

describe("properties", () => {
  it("a dialler that calls whenever allowed never places an 8th counted call in 7 local days, never outside the window, and notBefore always allows", () => {
    let capped = 0;
    fc.assert(
      fc.property(
        fc.subarray(US_ZONES, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: START, max: END }),
        fc.array(step, { minLength: 20, maxLength: 70 }),
        (zones, start, steps) => {
          const history: HistoryEntry[] = [];
          const w = windowFor("US-FDCPA", zones);
          let t = start;
          for (const s of steps) {
            t += s.gapMinutes * 60_000;
            let decision = evaluate(callRequest("US-FDCPA", zones, t, history, s.debts));
            if (decision.results.some((r) => r.rule === "US-REGF-FREQ-7IN7")) capped++;
            if (decision.decision === "defer" && s.followDefer) {
              const at = Date.parse(decision.notBefore!);
              expect(at).toBeGreaterThan(t);
              expect(at % 60_000).toBe(0);
              t = at;
              decision = evaluate(callRequest("US-FDCPA", zones, t, history, s.debts));
              expect(decision.decision).toBe("allow");
            }
            expect(decision.decision).not.toBe("block");
            if (decision.decision !== "allow") continue;
            expect(insideWindow(t, w)).toBe(true);
            history.push({ at: new Date(t).toISOString(), channel: "call", direction: "outbound", party: { role: "consumer", id: "c1", address: NUMBER }, debtIds: s.debts, outcome: s.outcome });
          }
          for (const zone of zones) {
            for (const debt of ["d1", "d2"]) {
              const days = history.filter((e) => e.outcome !== "not_connected" && e.debtIds.includes(debt)).map((e) => localDayOf(Date.parse(e.at), zone));
              for (const d of days) expect(days.filter((x) => x >= d && x < d + 7).length).toBeLessThanOrEqual(7);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
    // The property means something only if the cap was actually reached along the way.
    expect(capped).toBeGreaterThan(20);
  });

  const entryArb = (now: number) =>
    fc.record({
      ago: fc.integer({ min: 1, max: 10 * 24 * 60 }),
      channel: fc.constantFrom("call", "call", "call", "voicemail", "sms", "email"),
      direction: fc.constantFrom("outbound", "outbound", "outbound", "inbound"),
      outcome: fc.constantFrom(...OUTCOMES, "delivered"),
      debts: fc.constantFrom<string[]>(["d1"], ["d2"], ["d1", "d2"]),
      number: fc.constantFrom(NUMBER, NUMBER, "+12125550177"),
    }).map((e): HistoryEntry => ({
      at: new Date(now - e.ago * 60_000).toISOString(),
      channel: e.channel as HistoryEntry["channel"],
      direction: e.direction as HistoryEntry["direction"],
      party: { role: "consumer", id: "c1", address: e.number },
      debtIds: e.debts,
      outcome: e.outcome as Outcome,
    }));

  it("over random histories, clocks, zones and rule sets: allow only inside the window in every zone; a defer's notBefore is inside it, later, whole, and allows on re-check", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RuleSetId>("US-FDCPA", "US-MA", "CN-CBA", "UK-CONC"),
        fc.subarray(ZONES, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: START, max: END }).chain((now) => fc.tuple(fc.constant(now), fc.array(entryArb(now), { maxLength: 50 }))),
        fc.constantFrom<string[]>(["d1"], ["d2"], ["d1", "d2"]),
        (ruleSet, zones, [now, history], debtIds) => {
          const w = windowFor(ruleSet, zones);
          const decision = evaluate(callRequest(ruleSet, zones, now, history, debtIds));
          if (decision.decision === "allow") expect(insideWindow(now, w)).toBe(true);
          if (decision.decision === "defer") {
            const at = Date.parse(decision.notBefore!);
            expect(at).toBeGreaterThan(now);
            expect(at % 60_000).toBe(0);
            expect(insideWindow(at, w)).toBe(true);
            expect(evaluate(callRequest(ruleSet, zones, at, history, debtIds)).decision).toBe("allow");
            // ...and it is the earliest such minute: one minute earlier something still defers.
            expect(evaluate(callRequest(ruleSet, zones, at - 60_000, history, debtIds)).decision).not.toBe("allow");
          }
          if (decision.decision === "block") expect(decision.results.some((r) => r.outcome === "block")).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("counting never depends on the order of the history", () => {
    fc.assert(
      fc.property(fc.integer({ min: START, max: END }), fc.array(fc.integer({ min: 1, max: 9 * 24 * 60 }), { maxLength: 20 }), (now, agos) => {
        const history = agos.map((ago): HistoryEntry => ({ at: new Date(now - ago * 60_000).toISOString(), channel: "call", direction: "outbound", party: { role: "consumer", id: "c1", address: "+12125550177" }, debtIds: ["d1"], outcome: "no_answer" }));
        const a = evaluate(callRequest("US-FDCPA", ["America/New_York"], now, history, ["d1"]));
        const b = evaluate(callRequest("US-FDCPA", ["America/New_York"], now, [...history].reverse(), ["d1"]));
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
  it("flags.writtenOnly: no call, voicemail, text or visit to the consumer ever goes, under any rule set, purpose, clock or history (only the US opt-out confirmation)", () => {
    let seen = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<RuleSetId>("US-FDCPA", "US-MA", "CN-CBA", "UK-CONC"),
        fc.constantFrom("call", "voicemail", "sms", "visit") as fc.Arbitrary<"call" | "voicemail" | "sms" | "visit">,
        fc.constantFrom<Purpose>(...PURPOSES),
        fc.integer({ min: START, max: END }).chain((now) => fc.tuple(fc.constant(now), fc.array(entryArb(now), { maxLength: 20 }))),
        (ruleSet, channel, purpose, [now, history]) => {
          const r = callRequest(ruleSet, ruleSet === "CN-CBA" ? ["Asia/Shanghai"] : ruleSet === "UK-CONC" ? ["Europe/London"] : ["America/New_York"], now, history, ["d1"]);
          r.consumer.flags = { writtenOnly: true };
          r.proposed = { ...r.proposed, channel, purpose, content: { disclosesDebt: false, hasOptOut: true, identifiesCollector: true, limitedContent: channel === "voicemail" } };
          const decision = evaluate(r);
          if (ruleSet.startsWith("US") && purpose === "opt_out_confirmation") return;
          seen++;
          expect(decision.decision).toBe("block");
          expect(decision.results.map((x) => x.rule)).toContain(ruleSet.startsWith("US") ? "US-REGF-MEDIUM" : ruleSet === "CN-CBA" ? "CN-WRITTEN" : "UK-CONC-HOW");
        },
      ),
      { numRuns: 300 },
    );
    expect(seen).toBeGreaterThan(200);
  });

  it("CN-3P-ONCE: a dialler that asks an emergency contact whenever allowed reaches them at most once in any 30 × 24 hours", () => {
    const CONTACT = "+8613700137000";
    const ec = { role: "emergency_contact" as const, id: "e1", address: CONTACT };
    let asked = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: START, max: END }),
        fc.array(fc.record({ gapHours: fc.integer({ min: 1, max: 24 * 12 }), outcome: fc.constantFrom<Outcome>("conversation", "delivered", "no_answer", "failed", "voicemail", "not_connected") }), { minLength: 10, maxLength: 40 }),
        (start, steps) => {
          const history: HistoryEntry[] = [];
          let t = start;
          for (const step of steps) {
            t += step.gapHours * 3_600_000;
            // Keep the debtor unreachable: three unanswered calls in the last three days.
            const debtor = [1, 2, 3].map((h): HistoryEntry => ({ at: new Date(t - h * 3_600_000).toISOString(), channel: "call", direction: "outbound", party: { role: "consumer", id: "c1", address: NUMBER }, debtIds: ["d1"], outcome: "no_answer" }));
            const r = callRequest("CN-CBA", ["Asia/Shanghai"], t, [...history, ...debtor], ["d1"]);
            r.proposed = { channel: "call", party: ec, purpose: "location", content: { disclosesDebt: false, identifiesCollector: true } };
            const decision = evaluate(r);
            if (decision.decision !== "allow") {
              expect(decision.results.some((x) => x.rule === "CN-3P-ONCE" || x.rule === "CN-TIME" || x.rule === "CN-FREQ-NUMBER")).toBe(true);
              continue;
            }
            history.push({ at: new Date(t).toISOString(), channel: "call", direction: "outbound", party: ec, debtIds: ["d1"], outcome: step.outcome });
          }
          const reached = history.filter((e) => e.outcome === "conversation" || e.outcome === "delivered").map((e) => Date.parse(e.at));
          asked += reached.length;
          for (let i = 1; i < reached.length; i++) expect(reached[i]! - reached[i - 1]!).toBeGreaterThanOrEqual(30 * DAY);
        },
      ),
      { numRuns: 150 },
    );
    expect(asked).toBeGreaterThan(150);
  });
});
