import { describe, expect, it } from "vitest";
import { readAuthEnv } from "../src/env";

// Issue 10: AUTH_SECRET of at least 32 bytes, refused otherwise with the variable's name.
describe("AUTH_SECRET", () => {
  it("is refused under 32 bytes, naming the variable", () => {
    expect(() => readAuthEnv({ AUTH_SECRET: "x".repeat(31) })).toThrow(/AUTH_SECRET/);
    expect(() => readAuthEnv({ AUTH_SECRET: "0123456789abcdef" })).toThrow(/at least 32 bytes/);
  });

  it("counts bytes, not characters", () => {
    expect(() => readAuthEnv({ AUTH_SECRET: "密".repeat(11) })).not.toThrow(); // 33 bytes
    expect(readAuthEnv({ AUTH_SECRET: "k".repeat(32) }).AUTH_SECRET).toHaveLength(32);
  });

  it("is required by a production server, but not by next build", () => {
    expect(() => readAuthEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET is not set/);
    expect(() => readAuthEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });
});
