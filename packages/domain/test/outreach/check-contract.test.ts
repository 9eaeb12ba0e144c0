import { describe, expect, it } from "vitest";
import type { CheckRequest } from "@casebook/compliance";
import { evaluateCheck } from "../../src/outreach/gate/evaluate-check";

// The gate builds its requests with the engine's own types (test/vocabulary.test.ts keeps a copy out):
// every flag the engine reads reaches it from the domain.

const request = (flags: NonNullable<CheckRequest["consumer"]["flags"]>, ruleSet: CheckRequest["ruleSet"] = "US-FDCPA"): CheckRequest => ({
  ruleSet,
  now: ruleSet === "CN-CBA" ? "2026-06-10T04:00:00Z" : "2026-06-10T16:00:00Z",
  consumer: { id: "c1", country: ruleSet === "CN-CBA" ? "CN" : "US", timeZones: [ruleSet === "CN-CBA" ? "Asia/Shanghai" : "America/New_York"], flags },
  debtIds: ["d1"],
  history: [],
  proposed: { channel: "call", party: { role: "consumer", id: "c1", address: "+12125550100", addressType: "personal" }, purpose: "collection" },
});

describe("the domain's check contract", () => {
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
