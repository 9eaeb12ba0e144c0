import { describe, expect, it } from "vitest";
import { callUsage, CheckRequest, evaluate, validationAlerts } from "../src/index";
import { baseRequest, daily, entry } from "./helpers";

describe("callUsage (the console's compliance panel)", () => {
  it("counts calls per debt in the current 7 local days, with the 7-in-7 cap", () => {
    const r = baseRequest();
    r.debtIds = ["d1", "d2"];
    r.history = [...daily("2026-06-02", 9, "14:00:00Z"), entry("2026-06-09T14:00:00Z", { debtIds: ["d2"] }), entry("2026-06-09T15:00:00Z", { outcome: "not_connected" }), entry("2026-06-09T16:00:00Z", { channel: "sms", outcome: "delivered" })];
    expect(callUsage(r)).toEqual([
      { debtId: "d1", used: 7, limit: 7, windowStart: "2026-06-04T04:00:00.000Z", windowEnd: "2026-06-11T04:00:00.000Z" },
      { debtId: "d2", used: 1, limit: 7, windowStart: "2026-06-04T04:00:00.000Z", windowEnd: "2026-06-11T04:00:00.000Z" },
    ]);
  });
  it("under US-MA counts calls and texts, answered or not, against 2", () => {
    const r = baseRequest();
    r.ruleSet = "US-MA";
    r.history = [entry("2026-06-08T14:00:00Z", { outcome: "not_connected" }), entry("2026-06-09T14:00:00Z", { channel: "sms", outcome: "delivered" })];
    expect(callUsage(r)[0]).toMatchObject({ used: 2, limit: 2 });
  });
  it("follows a policy's tighter cap", () => {
    expect(callUsage(baseRequest(), { policy: { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 3 } } } })[0]).toMatchObject({ used: 0, limit: 3 });
  });
  it("widens the window over every candidate zone", () => {
    const r = baseRequest();
    r.consumer.timeZones = ["America/New_York", "America/Los_Angeles"];
    expect(callUsage(r)[0]).toMatchObject({ windowStart: "2026-06-04T04:00:00.000Z", windowEnd: "2026-06-11T07:00:00.000Z" });
  });
  it("has no weekly cap under UK-CONC", () => {
    const r = baseRequest();
    r.ruleSet = "UK-CONC";
    expect(callUsage(r)[0]!.limit).toBeNull();
  });
});

describe("US-REGF-VALID is an alert, never a gate", () => {
  it("alerts on the initial communication", () => {
    expect(validationAlerts(baseRequest())).toHaveLength(1);
    expect(evaluate(baseRequest()).decision).toBe("allow");
  });
  it("not once the consumer has been reached", () => {
    const r = baseRequest();
    r.history = [entry("2026-05-01T15:00:00Z", { outcome: "conversation" })];
    expect(validationAlerts(r)).toEqual([]);
  });
});

describe("incomplete or malformed data never allows", () => {
  const broken: Array<[string, (r: Record<string, unknown> & { consumer: Record<string, unknown>; proposed: Record<string, unknown> }) => void]> = [
    ["no clock", (r) => { delete r.now; }],
    ["a clock without an offset (would be read in the server's zone)", (r) => { r.now = "2026-06-10T12:00:00"; }],
    ["an impossible date", (r) => { r.now = "2026-02-30T12:00:00Z"; }],
    ["an unknown role", (r) => { r.proposed.party = { role: "neighbour", id: "n1" }; }],
    ["an unknown rule set", (r) => { r.ruleSet = "US-NY"; }],
    ["no debt", (r) => { r.debtIds = []; }],
    ["an unknown time zone", (r) => { r.consumer.timeZones = ["Mars/Olympus_Mons"]; }],
    ["a history entry without its instant", (r) => { r.history = [{ channel: "call", direction: "outbound", party: { role: "consumer", id: "c1" }, debtIds: ["d1"], outcome: "no_answer" }]; }],
    ["a history entry with a local time", (r) => { r.history = [{ at: "2026-06-09 10:00", channel: "call", direction: "outbound", party: { role: "consumer", id: "c1" }, debtIds: ["d1"], outcome: "no_answer" }]; }],
    ["content that does not say whether it discloses the debt", (r) => { r.proposed.content = { hasOptOut: true }; }],
  ];
  it.each(broken)("%s: evaluate throws instead of deciding", (_name, mutate) => {
    const r = baseRequest() as unknown as Parameters<(typeof broken)[0][1]>[0];
    mutate(r);
    expect(() => evaluate(r as unknown as CheckRequest)).toThrow();
    expect(CheckRequest.safeParse(r).success).toBe(false);
  });
});
