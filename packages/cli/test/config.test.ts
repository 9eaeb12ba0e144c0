import { describe, expect, it } from "vitest";
import { runCommand } from "../src/exec";
import { StepFailure } from "../src/output";
import { checkConfig } from "../src/steps/config";
import { DEFAULTS, generateSecrets } from "../src/steps/env-file";
import { fakeSystem, testContext } from "./helpers";

// Issue 10: the console (`next start`) and the worker run with NODE_ENV=production under ./casebook
// start, so the start validates the configuration as production does, whatever the caller's NODE_ENV:
// a missing, short or published development secret stops it, naming the variable. The real
// scripts/check-env.ts runs (it also runs every package's env.ts).
const good = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...DEFAULTS, ...generateSecrets(), AUTH_URL: "http://localhost:3000" });

async function refusal(env: Record<string, string | undefined>): Promise<string> {
  const { ctx } = testContext("start", { sys: fakeSystem({ run: runCommand }), env });
  const error = await checkConfig(ctx, "strict").then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(StepFailure);
  return [(error as StepFailure).message, ...(error as StepFailure).fixes].join("\n");
}

describe("a start refuses missing and development secrets (as production)", { timeout: 120_000 }, () => {
  it("accepts the configuration .env is written with, and counts AUTH_SECRET in bytes", async () => {
    // 11 characters, 33 bytes: enough for Auth.js, as packages/auth counts it.
    const { ctx, out } = testContext("start", { sys: fakeSystem({ run: runCommand }), env: { ...good(), AUTH_SECRET: "密".repeat(11), NODE_ENV: "development" } });
    expect(await checkConfig(ctx, "strict")).toBe(true);
    expect(out.text()).toContain("configuration valid");
  });

  it("refuses a missing AUTH_SECRET, and one shorter than 32 bytes", async () => {
    expect(await refusal({ ...good(), AUTH_SECRET: undefined })).toMatch(/^AUTH_SECRET: is not set/m);
    expect(await refusal({ ...good(), AUTH_SECRET: "a".repeat(31) })).toMatch(/^AUTH_SECRET: /m);
  });

  it("refuses missing provider credentials instead of falling back to the published development ones", async () => {
    const text = await refusal({ ...good(), NODE_ENV: "development", PROVIDER_API_KEY: undefined, PROVIDER_SIGNING_SECRET: "" });
    expect(text).toMatch(/^PROVIDER_API_KEY: is not set/m);
    expect(text).toMatch(/^PROVIDER_SIGNING_SECRET: is not set/m);
  });

  it("refuses the published development values, by name", async () => {
    const text = await refusal({ ...good(), PROVIDER_API_KEY: "dev-provider-api-key", PROVIDER_SIGNING_SECRET: "dev-provider-signing-secret" });
    expect(text).toMatch(/^PROVIDER_API_KEY: is the published development value/m);
    expect(text).toMatch(/^PROVIDER_SIGNING_SECRET: is the published development value/m);
  });
});
