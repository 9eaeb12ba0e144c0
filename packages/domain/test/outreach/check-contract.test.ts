import type { CheckRequest as EngineRequest } from "@casebook/compliance";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { CheckRequest } from "../../src/outreach/gate/check-contract";
import { evaluateCheck } from "../../src/outreach/gate/evaluate-check";

// The gate's copy of the contract must carry every field the engine reads: a flag the domain cannot
// name is a right the engine can never honour.

const request = (flags: NonNullable<CheckRequest["consumer"]["flags"]>, ruleSet: CheckRequest["ruleSet"] = "US-FDCPA"): CheckRequest => ({
  ruleSet,
  now: ruleSet === "CN-CBA" ? "2026-06-10T04:00:00Z" : "2026-06-10T16:00:00Z",
  consumer: { id: "c1", country: ruleSet === "CN-CBA" ? "CN" : "US", timeZones: [ruleSet === "CN-CBA" ? "Asia/Shanghai" : "America/New_York"], flags },
  debtIds: ["d1"],
  history: [],
  proposed: { channel: "call", party: { role: "consumer", id: "c1", address: "+12125550100", addressType: "personal" }, purpose: "collection" },
});

describe("the domain's check contract", () => {
  it("has the engine's consumer flags, field for field", () => {
    expectTypeOf<keyof NonNullable<CheckRequest["consumer"]["flags"]>>().toEqualTypeOf<keyof NonNullable<EngineRequest["consumer"]["flags"]>>();
    expectTypeOf<keyof CheckRequest["proposed"]["party"]>().toEqualTypeOf<keyof EngineRequest["proposed"]["party"]>();
    expectTypeOf<keyof CheckRequest["consumer"]>().toEqualTypeOf<keyof EngineRequest["consumer"]>();
  });

  it.each([
    ["US-FDCPA", "US-REGF-MEDIUM"],
    ["CN-CBA", "CN-WRITTEN"],
    ["UK-CONC", "UK-CONC-HOW"],
  ] as const)("passes writtenOnly to the engine: %s refuses a call with %s", (ruleSet, rule) => {
    const decision = evaluateCheck(request({ writtenOnly: true }, ruleSet));
    expect(decision.decision).toBe("block");
    expect(decision.results.map((r) => r.rule)).toContain(rule);
    expect(evaluateCheck(request({}, ruleSet)).decision).toBe("allow");
  });
});
