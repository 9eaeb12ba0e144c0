import { readFileSync, statSync, writeFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@casebook/db";
import { insertDemoReferenceData } from "@casebook/db/seed";
import { StepFailure } from "../src/output";
import { accountCount, checkDemoLogins, planSeed } from "../src/steps/db-content";
import { checkRuntimeLogin, ensureDbRoles } from "../src/steps/db-roles";
import { parseEnvFile } from "../src/steps/env-file";
import { adminServerUrl, testContext, unique } from "./helpers";

// Real PostgreSQL, with a database and two roles of this run's own: role names are cluster-wide, and
// the default casebook_owner / casebook_app may belong to a running stack on the same server.
const name = unique("casebook_cli");
const owner = `${name}_owner`;
const runtime = `${name}_app`;
const server = adminServerUrl();
const superuserUrl = (() => {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
})();
const roleEnv = { CASEBOOK_DB_OWNER_ROLE: owner, CASEBOOK_DB_RUNTIME_ROLE: runtime };

afterAll(async () => {
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  for (const role of [runtime, owner]) await admin.unsafe(`drop role if exists "${role}"`);
  await admin.end();
});

// The roles CLI migrates: a minute on a loaded shared machine.
describe("database roles, seed decision and demo logins", { timeout: 240_000 }, () => {
  const t = testContext("start");
  beforeAll(async () => {
    // What `./casebook start` has at this point: the .env it wrote, whose DATABASE_URL is a superuser's.
    writeFileSync(t.ctx.envFile, `AUTH_SECRET=x\nDATABASE_URL=${superuserUrl}\n`, { mode: 0o600 });
    t.ctx.env = { ...process.env, ...roleEnv, DATABASE_URL: undefined, DATABASE_ADMIN_URL: undefined, DATABASE_OWNER_URL: undefined, NODE_ENV: undefined };
    for (const [k, v] of parseEnvFile(readFileSync(t.ctx.envFile, "utf8"))) t.ctx.env[k] = v;
  });

  it("creates the owner and runtime roles with generated passwords in .env (0600), and the app then logs in as the runtime role", async () => {
    await ensureDbRoles(t.ctx);
    const file = parseEnvFile(readFileSync(t.ctx.envFile, "utf8"));
    expect(statSync(t.ctx.envFile).mode & 0o777).toBe(0o600);
    expect(file.get("AUTH_SECRET")).toBe("x");
    expect(new URL(file.get("DATABASE_OWNER_URL")!).username).toBe(owner);
    expect(new URL(file.get("DATABASE_URL")!).username).toBe(runtime);
    expect(new URL(file.get("DATABASE_URL")!).password.length).toBeGreaterThanOrEqual(24);
    expect(new URL(file.get("DATABASE_ADMIN_URL")!).username).toBe("postgres");
    // The context now holds the runtime URL: what the console and the worker get.
    expect(t.ctx.env.DATABASE_URL).toBe(file.get("DATABASE_URL"));
    const app = postgres(t.ctx.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const [me] = await app<{ u: string; s: boolean }[]>`select current_user as u, (select rolsuper from pg_roles where rolname = current_user) as s`;
      expect(me).toEqual({ u: runtime, s: false });
    } finally {
      await app.end();
    }
    expect(t.out.text()).toMatch(/✓ database roles ready in \d+s: database ".+" owned by .+_owner, migrated/);
  });

  it("running it again keeps the passwords it wrote", async () => {
    const before = readFileSync(t.ctx.envFile, "utf8");
    await ensureDbRoles(t.ctx);
    expect(readFileSync(t.ctx.envFile, "utf8")).toBe(before);
  });

  it("the start refuses a superuser's DATABASE_URL, naming it and the fix, and accepts the runtime role", async () => {
    const error = await checkRuntimeLogin({ ...t.ctx, env: { ...t.ctx.env, DATABASE_URL: superuserUrl } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    const text = [(error as StepFailure).message, ...(error as StepFailure).fixes].join("\n");
    expect(text).toMatch(/^DATABASE_URL: logs in as "postgres", a PostgreSQL superuser/m);
    expect(text).toContain("pnpm db:roles");
    const owned = await checkRuntimeLogin({ ...t.ctx, env: { ...t.ctx.env, DATABASE_URL: t.ctx.env.DATABASE_OWNER_URL } }).catch((e: unknown) => e);
    expect((owned as StepFailure).fixes.join("\n")).toMatch(new RegExp(`^DATABASE_URL: logs in as "${owner}", which owns \\d+ of the tables`, "m"));
    await checkRuntimeLogin(t.ctx);
    expect(t.out.text()).toContain("DATABASE_URL logs in as a runtime role");
  });

  it("doctor reports a superuser's DATABASE_URL as a problem, with the fix, and goes on", async () => {
    const doctor = testContext("doctor", { env: { ...t.ctx.env, DATABASE_URL: superuserUrl } });
    await checkRuntimeLogin(doctor.ctx, "report");
    expect(doctor.out.text()).toMatch(/✗ the console and the worker would connect as a login that can rewrite the ledger: DATABASE_URL: logs in as "postgres", a PostgreSQL superuser/);
    expect(doctor.out.text()).toContain("pnpm db:roles --env-file .env");
    expect(doctor.out.counts.problems).toBe(1);
    const fine = testContext("doctor", { env: t.ctx.env });
    await checkRuntimeLogin(fine.ctx, "report");
    expect(fine.out.counts.problems).toBe(0);
    expect(fine.out.text()).toContain("DATABASE_URL logs in as a runtime role");
  });

  it("seeds the demo only into an empty database, and never under NODE_ENV=production", async () => {
    expect(await accountCount(t.ctx.env.DATABASE_URL!)).toBe(0);
    expect(planSeed(0, undefined)).toEqual({ do: "seed" });
    expect(planSeed(0, "production")).toMatchObject({ do: "skip", level: "warn" });
    expect(planSeed(12, undefined)).toMatchObject({ do: "skip", level: "ok", why: "database has 12 accounts: not seeding" });
    expect(planSeed(-1, undefined)).toMatchObject({ do: "skip", level: "warn" });
  });

  it("a production start refuses a database with the demo logins, naming them; a development one goes on", async () => {
    await checkDemoLogins({ ...t.ctx, env: { ...t.ctx.env, NODE_ENV: "production" } });
    const { db, close } = createDb({ url: t.ctx.env.DATABASE_OWNER_URL!, max: 1 });
    try {
      await insertDemoReferenceData(db);
    } finally {
      await close();
    }
    const error = await checkDemoLogins({ ...t.ctx, env: { ...t.ctx.env, NODE_ENV: "production" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    expect((error as Error).message).toContain("NODE_ENV=production");
    expect((error as Error).message).toContain("agent1@casebook.test");
    await checkDemoLogins({ ...t.ctx, env: { ...t.ctx.env, NODE_ENV: "development" } });
    expect(t.out.text()).toContain("demo login(s) with the published password (development only; a production start refuses them)");
  });
});
