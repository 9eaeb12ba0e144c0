import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const pkg = fileURLToPath(new URL("..", import.meta.url));
const drizzleKit = join(pkg, "node_modules", ".bin", "drizzle-kit");

// The committed migrations must describe the schema exactly: `drizzle-kit generate` run against a copy
// of ./drizzle must find nothing to write. A copy, so a drifting schema never leaves a stray migration.
describe("schema and committed migrations", () => {
  let tmp: string | undefined;
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("drizzle-kit check finds the migration history consistent", async () => {
    const { stdout } = await run(drizzleKit, ["check", "--config", "drizzle.config.ts"], { cwd: pkg, timeout: 60_000 });
    expect(stdout).toMatch(/Everything's fine/);
  });

  it("drizzle-kit generate finds no schema changes", async () => {
    tmp = await mkdtemp(join(tmpdir(), "casebook-drift-"));
    const out = join(tmp, "drizzle");
    await cp(join(pkg, "drizzle"), out, { recursive: true });
    const before = (await readdir(out)).sort();
    // drizzle-kit prefixes --out with "./" (an absolute path breaks) and exits 0 even when it fails, so the
    // path is made relative and the verdict read from its output.
    const { stdout } = await run(
      drizzleKit,
      ["generate", "--dialect", "postgresql", "--schema", "./src/schema/index.ts", "--casing", "snake_case", "--out", relative(pkg, out), "--name", "drift"],
      // A rename prompt (an ambiguous change) would wait for a terminal: the timeout turns it into a failure.
      { cwd: pkg, timeout: 60_000, env: { ...process.env, CI: "1" } },
    );
    expect(stdout).toMatch(/No schema changes/);
    expect((await readdir(out)).sort()).toEqual(before);
  });
});
