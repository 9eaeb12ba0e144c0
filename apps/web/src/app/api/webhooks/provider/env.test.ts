import { afterEach, describe, expect, it } from "vitest";
import { webhookSecret } from "./env";

// Issue 10: no development fallback for a secret in production. The webhook's signature check fails
// closed without a secret, so production must never hand it the published development one.
describe("the webhook's signing secret", () => {
  const saved = { secret: process.env.PROVIDER_SIGNING_SECRET, env: process.env.NODE_ENV };
  const set = (nodeEnv: string, secret?: string) => {
    (process.env as Record<string, string | undefined>).NODE_ENV = nodeEnv;
    if (secret === undefined) delete process.env.PROVIDER_SIGNING_SECRET;
    else process.env.PROVIDER_SIGNING_SECRET = secret;
  };
  afterEach(() => set(saved.env ?? "test", saved.secret));

  it("production: the published development secret is refused, set or not", () => {
    set("production", "dev-provider-signing-secret");
    expect(webhookSecret()).toBeUndefined();
    set("production");
    expect(webhookSecret()).toBeUndefined();
    set("production", "");
    expect(webhookSecret()).toBeUndefined();
  });

  it("production: a real secret is used", () => {
    set("production", "a-real-secret-of-our-own-000000000");
    expect(webhookSecret()).toBe("a-real-secret-of-our-own-000000000");
  });

  it("development: falls back to the simulator's secret", () => {
    set("development");
    expect(webhookSecret()).toBe("dev-provider-signing-secret");
  });
});
