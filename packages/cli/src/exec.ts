import { spawn } from "node:child_process";
import { accessSync, constants, createWriteStream } from "node:fs";
import { delimiter, join } from "node:path";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Every line the command prints is also appended here (var/log/<step>.log). */
  logFile?: string;
  /** Each output line as it comes (a prefixed echo on the terminal). */
  onLine?: (line: string) => void;
}

/** Runs a command to its end. Injected into the steps so that their decisions can be tested with a
 *  recording runner, while the real one runs in production and in the tests against real services. */
export type Runner = (command: string, args: string[], options?: RunOptions) => Promise<RunResult>;

export const runCommand: Runner = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ? definedOnly(options.env) : process.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs,
    });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
    let stdout = "";
    let stderr = "";
    let pending = "";
    const feed = (chunk: string) => {
      log?.write(chunk);
      if (!options.onLine) return;
      pending += chunk;
      const parts = pending.split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const l of parts) options.onLine(l);
    };
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      feed(d);
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      feed(d);
    });
    const finish = (code: number) => {
      if (pending && options.onLine) options.onLine(pending);
      log?.end();
      resolve({ code, stdout, stderr });
    };
    child.on("error", (error) => {
      stderr += String(error.message);
      finish(127);
    });
    child.on("close", (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });

export function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** `command -v`: is an executable of that name on PATH? */
export function onPath(command: string, path = process.env.PATH ?? ""): boolean {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}
