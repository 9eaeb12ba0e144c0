import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureEnvFile, loadEnv, parseEnvFile, urlParts } from "../src/steps/env-file";
import { testContext } from "./helpers";

describe(".env", () => {
  it("is written with generated secrets (AUTH_SECRET of 32 random bytes), readable by its owner only", () => {
    const { ctx } = testContext();
    expect(ensureEnvFile(ctx.envFile).wrote).toBe("new");
    expect(statSync(ctx.envFile).mode & 0o777).toBe(0o600);
    const env = parseEnvFile(readFileSync(ctx.envFile, "utf8"));
    expect(Buffer.from(env.get("AUTH_SECRET")!, "base64url").length).toBeGreaterThanOrEqual(32);
    for (const k of ["PROVIDER_API_KEY", "PROVIDER_SIGNING_SECRET"]) {
      expect(env.get(k)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(env.get(k)).not.toMatch(/^dev-/);
    }
    // Two starts in two clones never share a secret.
    const { ctx: other } = testContext();
    ensureEnvFile(other.envFile);
    expect(parseEnvFile(readFileSync(other.envFile, "utf8")).get("AUTH_SECRET")).not.toBe(env.get("AUTH_SECRET"));
  });

  it("keeps every existing value, adds only a missing generated secret, and tightens the mode", () => {
    const { ctx } = testContext();
    const mine = "AUTH_SECRET=my-own-secret-my-own-secret-my-own-secret\nDATABASE_URL=postgres://me@db.example:5432/cb\n# a comment I wrote\n";
    writeFileSync(ctx.envFile, mine, { mode: 0o644 });
    const r = ensureEnvFile(ctx.envFile);
    expect(r).toEqual({ wrote: "added", added: ["PORTAL_SESSION_SECRET", "PROVIDER_API_KEY", "PROVIDER_SIGNING_SECRET"] });
    const text = readFileSync(ctx.envFile, "utf8");
    expect(text.startsWith(mine)).toBe(true);
    expect(parseEnvFile(text).get("AUTH_SECRET")).toBe("my-own-secret-my-own-secret-my-own-secret");
    expect(statSync(ctx.envFile).mode & 0o777).toBe(0o600);
    expect(ensureEnvFile(ctx.envFile).wrote).toBe("none");
    expect(readFileSync(ctx.envFile, "utf8")).toBe(text);
  });

  it("parses export, quotes and comments", () => {
    expect([...parseEnvFile(`# c\nexport A="x y"\nB='z'\nC=plain=1\n  \nnot a line\n`)]).toEqual([["A", "x y"], ["B", "z"], ["C", "plain=1"]]);
  });

  it("loads .env under the environment (which wins), fills the defaults and says where each came from", () => {
    const { ctx, out } = testContext("start", { env: { REDIS_URL: "redis://127.0.0.1:6390" } });
    writeFileSync(ctx.envFile, "REDIS_URL=redis://127.0.0.1:6999\nPORT=3130\nLETTER_DIR=var/letters\n");
    loadEnv(ctx, true);
    expect(ctx.env.REDIS_URL).toBe("redis://127.0.0.1:6390");
    expect(ctx.origin.get("REDIS_URL")).toBe("environment");
    expect(ctx.env.PORT).toBe("3130");
    expect(ctx.origin.get("PORT")).toBe(".env");
    expect(ctx.env.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/casebook");
    expect(ctx.origin.get("DATABASE_URL")).toBe("default");
    expect(ctx.env.AUTH_URL).toBe("http://localhost:3130");
    expect(ctx.env.LETTER_DIR).toBe(join(ctx.root, "var/letters"));
    expect(ctx.env.AUTH_SECRET).toBeTruthy();
    expect(out.text()).toContain("added to .env what it lacked: AUTH_SECRET, PORTAL_SESSION_SECRET, PROVIDER_API_KEY, PROVIDER_SIGNING_SECRET");
  });

  it("never prints a password of a URL", () => {
    expect(urlParts("postgres://casebook_app:s3cret@127.0.0.1:5433/cb").safe).toBe("postgres://casebook_app:***@127.0.0.1:5433/cb");
    expect(urlParts("redis://127.0.0.1").port).toBe(6379);
  });
});
