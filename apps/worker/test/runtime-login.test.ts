import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readDbEnv } from "@casebook/db";
import { describe, expect, it } from "vitest";

const workerDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs src/main.ts until it exits or says it started (then stops it); its output and exit code. */
function runWorker(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: workerDir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const onData = (b: Buffer) => {
    output += b.toString();
    if (output.includes("worker started")) child.kill("SIGTERM");
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

// Issue 10: in production the worker refuses a DATABASE_URL that logs in as a superuser (who could
// switch the ledger's append-only triggers off), naming the variable and the fix, before it starts.
describe("the worker in production", () => {
  it("refuses a superuser's DATABASE_URL", { timeout: 60_000 }, async () => {
    const env = readDbEnv();
    const superuser = new URL(env.DATABASE_ADMIN_URL ?? env.DATABASE_URL);
    superuser.pathname = "/postgres";
    const { code, output } = await runWorker({
      NODE_ENV: "production",
      DATABASE_URL: superuser.toString(),
      CASEBOOK_QUEUE_PREFIX: `cbtest-${randomBytes(4).toString("hex")}`,
      WORKER_NO_SCHEDULERS: "true",
      PROVIDER_API_KEY: randomBytes(16).toString("hex"),
      PROVIDER_SIGNING_SECRET: randomBytes(16).toString("hex"),
    });
    expect(output).not.toContain("worker started");
    expect(output).toMatch(/worker failed to start: .*DATABASE_URL: logs in as "[^"]+", a PostgreSQL superuser.*pnpm db:roles/);
    expect(code).toBe(1);
  });
});
