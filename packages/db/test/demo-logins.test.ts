import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../src/password";
import { users } from "../src/schema";
import { demoUsers, findDemoLogins, insertDemoReferenceData } from "../src/seed";
import { createTestDatabase, type TestDatabase } from "../src/testing";

const run = promisify(execFile);
const pkg = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(pkg, "node_modules", ".bin", "tsx");
const cli = (file: string, env: Record<string, string>, args: string[] = []) =>
  run(tsx, [join("src", "cli", file), ...args], { cwd: pkg, env: { ...process.env, ...env }, timeout: 60_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

// Issue 10: demo users with a published password exist only in a database seeded as a demo, and a
// production start refuses them.
// Argon2 hashes and two CLI processes per test: slow on a loaded machine, so a generous timeout.
describe("demo logins", { timeout: 240_000 }, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  it("a database without the demo has none, and a production start accepts it", async () => {
    expect(await findDemoLogins(t.db)).toEqual([]);
    expect((await cli("demo-logins.ts", { NODE_ENV: "production", DATABASE_URL: t.url })).code).toBe(0);
  });

  it("the demo seed's users are found, and a production start refuses them by name", async () => {
    await insertDemoReferenceData(t.db);
    expect(await findDemoLogins(t.db)).toEqual(demoUsers.map((u) => u.email).sort());
    const prod = await cli("demo-logins.ts", { NODE_ENV: "production", DATABASE_URL: t.url });
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain("agent1@casebook.test");
    expect((await cli("demo-logins.ts", { NODE_ENV: "development", DATABASE_URL: t.url })).code).toBe(0);
  });

  it("a user whose password was changed no longer counts", async () => {
    await t.db.update(users).set({ passwordHash: await hashPassword("a-real-password-42") }).where(eq(users.email, "admin@casebook.test"));
    expect(await findDemoLogins(t.db)).not.toContain("admin@casebook.test");
  });

  it("the demo seed itself refuses NODE_ENV=production", async () => {
    const r = await cli("seed.ts", { NODE_ENV: "production" }, ["--accounts", "1", "--database-url", t.ownerUrl]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("NODE_ENV=production");
  });
});
