import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { createContext, repositoryRoot, type Context, type Mode, type System } from "../src/context";
import { runCommand, type RunOptions, type RunResult } from "../src/exec";
import { memoryOutput } from "../src/output";

export { freePort } from "@casebook/config/testing";

export interface Call {
  command: string;
  args: string[];
  options?: RunOptions;
}

/** A runner that records each command and answers from `answer` (default: success, no output). */
export function recordingRunner(answer: (call: Call) => Partial<RunResult> | undefined = () => undefined) {
  const calls: Call[] = [];
  const run = async (command: string, args: string[], options?: RunOptions): Promise<RunResult> => {
    const call = { command, args, options };
    calls.push(call);
    return { code: 0, stdout: "", stderr: "", ...answer(call) };
  };
  return { calls, run, lines: () => calls.map((c) => [c.command, ...c.args].join(" ")) };
}

export function fakeSystem(overrides: Partial<System> = {}): System {
  return { isRoot: false, isDebian: true, have: () => true, run: runCommand, fileExists: () => false, ...overrides };
}

const folders: string[] = [];
afterAll(() => {
  for (const d of folders) rmSync(d, { recursive: true, force: true });
});

/** A context on a temporary folder (its .env, var/log, var/run), with its output kept in memory. */
export function testContext(mode: Mode = "start", overrides: Partial<Context> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "casebook-cli-"));
  folders.push(dir);
  const out = memoryOutput();
  const ctx = createContext(mode, { root: repositoryRoot, envFile: join(dir, ".env"), logDir: dir, runDir: dir, out, sys: fakeSystem(), env: {}, ...overrides });
  return { ctx, out, dir };
}


export const unique = (stem: string) => `${stem}_${process.pid}_${Date.now().toString(36)}`;

/** A superuser login on the test server's maintenance database, as packages/db's test databases use. */
export function adminServerUrl(): string {
  const u = new URL(process.env.DATABASE_ADMIN_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  u.pathname = "/postgres";
  return u.toString();
}
