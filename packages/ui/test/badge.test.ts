import { describe, expect, it } from "vitest";
import { decisionTone } from "../src";

describe("decisionTone", () => {
  it("maps the gate's three answers to three tones", () => {
    expect(["allow", "defer", "block"].map((d) => decisionTone(d as "allow"))).toEqual(["ok", "warn", "bad"]);
  });
});
