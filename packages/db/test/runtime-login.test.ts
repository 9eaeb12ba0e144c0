import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDbEnv } from "../src/env";
import { unsafeRuntimeLogin } from "../src/roles";
import { createTestDatabase, type TestDatabase } from "../src/testing";

// Issue 10: production refuses to run the console or the worker on a login that could rewrite the
// evidence: a superuser, or the tables' owner. The runtime role is accepted.
describe("unsafeRuntimeLogin", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ max: 1 });
  });
  afterAll(async () => t?.drop());

  it("refuses a superuser, naming the variable and the fix", async () => {
    // The server's superuser, as createTestDatabase finds it.
    const env = readDbEnv();
    const superuser = new URL(env.DATABASE_ADMIN_URL ?? env.DATABASE_URL);
    superuser.pathname = `/${t.name}`;
    const problem = await unsafeRuntimeLogin(superuser.toString());
    expect(problem).toMatch(/^DATABASE_URL: logs in as "[^"]+", a PostgreSQL superuser/);
    expect(problem).toContain("pnpm db:roles");
    expect(problem).toContain("casebook_app");
  });

  it("refuses the tables' owner", async () => {
    expect(await unsafeRuntimeLogin(t.ownerUrl, "E2E_URL")).toMatch(/^E2E_URL: logs in as "casebook_test_\w+_owner", which owns \d+ of the tables/);
  });

  it("accepts the runtime role", async () => {
    expect(await unsafeRuntimeLogin(t.url)).toBeNull();
  });
});
