import { describe, expect, it } from "vitest";
import { refuseUnsafeLogin } from "./runtime-login";

// Real PostgreSQL: the superuser of the test server (DATABASE_ADMIN_URL, else DATABASE_URL, a superuser's
// in the tests' environment), on its maintenance database.
const superuser = (() => {
  const u = new URL(process.env.DATABASE_ADMIN_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  u.pathname = "/postgres";
  return u.toString();
})();

describe("the console's start refuses a login that can rewrite the ledger (issue 10)", () => {
  it("in production, names DATABASE_URL, the superuser and the fix", async () => {
    const problem = await refuseUnsafeLogin("production", superuser);
    expect(problem).toMatch(/^DATABASE_URL: logs in as "\w+", a PostgreSQL superuser/);
    expect(problem).toContain("pnpm db:roles");
  });

  it("lets development and tests be", async () => {
    expect(await refuseUnsafeLogin("development", superuser)).toBeNull();
    expect(await refuseUnsafeLogin("test", superuser)).toBeNull();
  });
});
