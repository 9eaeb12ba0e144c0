import { describe, expect, it } from "vitest";
import { CheckRequest, evaluate, PolicyError, resolveRuleSet, type Policy } from "../src/index";
import { baseRequest, check, daily, run, type Case } from "./helpers";

const strict: Policy = { name: "lender-strict", rules: { "US-REGF-TIME": { start: "09:00", end: "20:00" }, "US-REGF-FREQ-7IN7": { maxCalls: 3 } } };

describe("policy tightening", () => {
  const cases: Case[] = [
    ["08:30 is allowed by the regulation but not by the 09:00 policy", (r) => { r.now = "2026-06-10T12:30:00Z"; }, { decision: "defer", rules: ["US-REGF-TIME"], notBefore: "2026-06-10T13:00:00.000Z" }],
    ["20:30 is past the policy's 20:00", (r) => { r.now = "2026-06-11T00:30:00Z"; }, { decision: "defer", notBefore: "2026-06-11T13:00:00.000Z" }],
    ["3 calls this week is the policy's cap", (r) => { r.history = daily("2026-06-07", 3, "14:00:00Z"); }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"], notBefore: "2026-06-14T13:00:00.000Z" }],
    ["2 calls allow", (r) => { r.history = daily("2026-06-08", 2, "14:00:00Z"); }, { decision: "allow" }],
    ["the policy's window applies across candidate zones", (r) => { r.consumer.timeZones = ["America/New_York", "America/Chicago"]; r.now = "2026-06-10T13:30:00Z"; }, { decision: "defer", rules: ["US-REGF-TIME-MULTITZ"], notBefore: "2026-06-10T14:00:00.000Z" }],
  ];
  it.each(cases)("%s", (_name, mutate, expected) => check(run(mutate, { policy: strict }), expected));

  it("the same policy tightens the overlay's base rules", () => {
    const r = baseRequest();
    r.ruleSet = "US-MA";
    r.now = "2026-06-10T12:30:00Z";
    check(evaluate(r, { policy: strict }), { decision: "defer", notBefore: "2026-06-10T13:00:00.000Z" });
  });

  const refused: Array<[string, Policy, string]> = [
    ["more calls than 7 in 7", { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 8 } } }, "US-REGF-FREQ-7IN7.maxCalls"],
    ["a shorter counting period", { rules: { "US-REGF-FREQ-7IN7": { days: 6 } } }, "US-REGF-FREQ-7IN7.days"],
    ["an earlier start", { rules: { "US-REGF-TIME": { start: "07:30" } } }, "US-REGF-TIME.start"],
    ["a later end", { rules: { "US-REGF-TIME": { end: "21:30" } } }, "US-REGF-TIME.end"],
    ["a shorter gap between unanswered calls", { rules: { "US-REGF-PATTERN": { gapMinutes: 2 } } }, "US-REGF-PATTERN.gapMinutes"],
    ["a shorter wait after a conversation", { rules: { "US-REGF-FREQ-CONV7": { days: 5 } } }, "US-REGF-FREQ-CONV7.days"],
    ["more Massachusetts calls", { rules: { "US-MA-FREQ": { maxCalls: 3 } } }, "US-MA-FREQ.maxCalls"],
    ["more calls per Chinese number", { rules: { "CN-FREQ-NUMBER": { maxCallsPerNumber: 7 } } }, "CN-FREQ-NUMBER.maxCallsPerNumber"],
    ["moving the Chinese clock", { rules: { "CN-TIME": { zone: "Asia/Tokyo" } } }, "CN-TIME.zone"],
    ["a UK window past 21:00", { rules: { "UK-CONC-TIME": { end: "22:00" } } }, "UK-CONC-TIME.end"],
    ["an empty window", { rules: { "US-REGF-TIME": { start: "20:00", end: "09:00" } } }, "US-REGF-TIME.start"],
    ["an unknown parameter", { rules: { "US-REGF-FREQ-7IN7": { perWeek: 3 } } } as unknown as Policy, "US-REGF-FREQ-7IN7"],
  ];
  it.each(refused)("refuses loosening: %s", (_name, policy, parameter) => {
    const ruleSet = Object.keys(policy.rules)[0]!.startsWith("CN") ? "CN-CBA" : Object.keys(policy.rules)[0]!.startsWith("UK") ? "UK-CONC" : Object.keys(policy.rules)[0]!.startsWith("US-MA") ? "US-MA" : "US-FDCPA";
    let error: unknown;
    try {
      resolveRuleSet(ruleSet, policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).parameter).toBe(parameter);
    expect((error as PolicyError).message).toContain(parameter);
  });

  it("evaluate surfaces the PolicyError rather than deciding", () => {
    expect(() => run(() => {}, { policy: { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 9 } } } })).toThrow(PolicyError);
  });

  it("equal values are not loosening", () => {
    expect(() => resolveRuleSet("US-FDCPA", { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 7, days: 7 }, "US-REGF-TIME": { start: "08:00", end: "21:00" } } })).not.toThrow();
  });
});

describe("rule sets are data", () => {
  it("US-MA is US-FDCPA's rules followed by its own, then Casebook's house rules after every set", () => {
    const base = resolveRuleSet("US-FDCPA").rules.map((r) => r.id);
    expect(base.at(-1)).toBe("CASEBOOK-OPTOUT");
    const ma = resolveRuleSet("US-MA");
    expect(ma.rules.map((r) => r.id)).toEqual([...base.slice(0, -1), "US-MA-FREQ", "CASEBOOK-OPTOUT"]);
    for (const id of ["CN-CBA", "UK-CONC"] as const) expect(resolveRuleSet(id).rules.at(-1)?.id).toBe("CASEBOOK-OPTOUT");
    expect(ma.layers).toEqual(["US-FDCPA", "US-MA"]);
  });
  it("parameters come from the data", () => {
    expect(resolveRuleSet("US-FDCPA").rules.find((r) => r.id === "US-REGF-FREQ-7IN7")?.params).toEqual({ maxCalls: 7, days: 7 });
    expect(resolveRuleSet("CN-CBA").rules.find((r) => r.id === "CN-TIME")?.params).toEqual({ start: "08:00", end: "22:00", zone: "Asia/Shanghai" });
  });
  it("a policy does not change the plain rule set", () => {
    resolveRuleSet("US-FDCPA", strict);
    expect(resolveRuleSet("US-FDCPA").rules.find((r) => r.id === "US-REGF-TIME")?.params).toEqual({ start: "08:00", end: "21:00" });
    expect(resolveRuleSet("US-FDCPA", strict).rules.find((r) => r.id === "US-REGF-TIME")?.params).toEqual({ start: "09:00", end: "20:00" });
  });
});

// Issue 13: the request itself carries the client's policy, so a stored request alone replays.
describe("the request's own policy", () => {
  const capped: Policy = { name: "capped-6", rules: { "US-REGF-FREQ-7IN7": { maxCalls: 6 } } };
  it("applies like the policy option: the 7th call of a client capped at 6 defers", () => {
    const r = baseRequest();
    r.history = daily("2026-06-04", 6, "14:00:00Z");
    const viaOption = evaluate(r, { policy: capped });
    expect(evaluate(r).decision).toBe("allow");
    expect(viaOption).toMatchObject({ decision: "defer", results: [{ rule: "US-REGF-FREQ-7IN7", outcome: "defer" }] });
    expect(evaluate({ ...r, policy: capped })).toEqual(viaOption);
    // Through JSON, as stored and replayed, and with validation by the schema instead of the fast path.
    const stored = JSON.parse(JSON.stringify({ ...r, policy: capped }));
    expect(evaluate(stored)).toEqual(viaOption);
    expect(evaluate(CheckRequest.parse(stored), { validate: false })).toEqual(viaOption);
  });

  it("is overridden by the option (a resend decides under the policy in force then)", () => {
    const r = { ...baseRequest(), history: daily("2026-06-04", 6, "14:00:00Z"), policy: capped };
    expect(evaluate(r, { policy: { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 7 } } } }).decision).toBe("allow");
  });

  it("a loosening or malformed one is refused naming the field", () => {
    expect(() => evaluate({ ...baseRequest(), policy: { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 9 } } } })).toThrow(PolicyError);
    const bad = CheckRequest.safeParse({ ...baseRequest(), policy: { rules: { "US-REGF-FREQ-7IN7": { perWeek: 3 } } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path.slice(0, 3)).toEqual(["policy", "rules", "US-REGF-FREQ-7IN7"]);
    expect(() => evaluate({ ...baseRequest(), policy: { rules: { "US-REGF-FREQ-7IN7": { perWeek: 3 } } } } as unknown as CheckRequest)).toThrow(/policy/);
  });

  it("equal policies built afresh resolve once, to the same rules as the first", () => {
    const a = resolveRuleSet("US-FDCPA", JSON.parse(JSON.stringify(capped)));
    const b = resolveRuleSet("US-FDCPA", JSON.parse(JSON.stringify(capped)));
    expect(b).toBe(a);
    expect(a.rules.find((x) => x.id === "US-REGF-FREQ-7IN7")?.params).toEqual({ maxCalls: 6, days: 7 });
    expect(resolveRuleSet("US-MA", capped)).not.toBe(a);
  });
});
