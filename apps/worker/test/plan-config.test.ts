import { describe, expect, it } from "vitest";
import { PLAN_HORIZON_MS } from "@casebook/domain";
import { readConfig } from "../src/env";

// The planner writes the steps due within its horizon (issue 15) and its walk tops cases up: a walk
// rarer than a quarter of the horizon could leave a step unplanned when it falls due, so it is refused.
describe("the planner's walk and its horizon", () => {
  it("walks every six hours by default, well within the horizon; a rarer walk is refused with the field named", () => {
    const base = { DATABASE_URL: "postgres://x@127.0.0.1/x" };
    expect(readConfig(base).worker.PLAN_EVERY_MS).toBe(6 * 3_600_000);
    expect(readConfig({ ...base, PLAN_EVERY_MS: String(PLAN_HORIZON_MS / 4) }).worker.PLAN_EVERY_MS).toBe(PLAN_HORIZON_MS / 4);
    expect(() => readConfig({ ...base, PLAN_EVERY_MS: String(24 * 3_600_000) })).toThrow(/PLAN_EVERY_MS/);
  });
});
