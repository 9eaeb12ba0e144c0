import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, appendFileSync } from "node:fs";
import { connect } from "node:net";
import { createInterface } from "node:readline";
import { definedOnly } from "./exec";

/** One part of the running stack: what runs, with which environment. */
export interface PartSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
}

/** Every process of a tree, the root first, from /proc (procps may be absent on a minimal Debian). */
export function treePids(root: number): number[] {
  const out = [root];
  let children: string[] = [];
  try {
    for (const task of readdirSync(`/proc/${root}/task`)) {
      children.push(...readFileSync(`/proc/${root}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean));
    }
  } catch {
    children = [];
  }
  for (const c of children) out.push(...treePids(Number(c)));
  return out;
}

export function pgidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm) ": state ppid pgrp ...; comm may hold spaces and parentheses.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(rest[2]);
  } catch {
    return null;
  }
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const signal = (target: number, sig: NodeJS.Signals) => {
  try {
    process.kill(target, sig);
  } catch {
    /* gone already */
  }
};

/**
 * pnpm may run a script in a process group of its own, so a group kill of what we started is not
 * enough: signal every process of the tree and every group it spans (never our own), then insist
 * after `graceMs`. Resolves "stopped" or "killed".
 */
export async function stopTree(root: number, graceMs = 10_000): Promise<"stopped" | "killed"> {
  const own = pgidOf(process.pid);
  const pids = treePids(root).filter((p) => pgidOf(p) !== own || p === root);
  const groups = [...new Set(pids.map(pgidOf).filter((g): g is number => g !== null && g !== own))];
  for (const g of groups) signal(-g, "SIGTERM");
  for (const p of pids) signal(p, "SIGTERM");
  for (let waited = 0; waited < graceMs; waited += 200) {
    if (!pids.some(alive)) return "stopped";
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const g of groups) signal(-g, "SIGKILL");
  for (const p of pids) signal(p, "SIGKILL");
  return "killed";
}

export interface RunningPart {
  spec: PartSpec;
  child: ChildProcess;
  exited: Promise<number>;
}

/** Starts a part in a session of its own (detached = setsid), so the terminal's Ctrl-C reaches only
 *  the start command, which then stops the parts in order instead of all of them at once. Its output
 *  lines go to `onLine`. */
export function spawnPart(spec: PartSpec, onLine: (line: string) => void, cwd?: string): RunningPart {
  const child = spawn(spec.command, spec.args, { cwd, env: definedOnly(spec.env), stdio: ["ignore", "pipe", "pipe"], detached: true });
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream! }).on("line", onLine);
  const exited = new Promise<number>((resolve) => {
    child.on("exit", (code, sig) => resolve(code ?? (sig ? 128 : 1)));
    child.on("error", () => resolve(127));
  });
  return { spec, child, exited };
}

/** The pid file: lines "name pid"; `casebook` is the start command itself. */
export class PidFile {
  constructor(readonly path: string) {}
  add(name: string, pid: number): void {
    appendFileSync(this.path, `${name} ${pid}\n`);
  }
  remove(): void {
    rmSync(this.path, { force: true });
  }
  exists(): boolean {
    return existsSync(this.path);
  }
  /** What is alive of it. */
  running(): { name: string; pid: number }[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, "utf8")
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length === 2 && /^\d+$/.test(f[1]!))
      .map(([name, pid]) => ({ name: name!, pid: Number(pid) }))
      .filter((p) => alive(p.pid));
  }
}

export function portBusy(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host });
    s.setTimeout(1000);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("timeout", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(false));
  });
}

/** Polls `url` once a second: its HTTP status once it answers, "exited" if `stillRunning` says the
 *  server is gone, "timeout" after `limitS` seconds. */
export async function waitHttp(url: string, stillRunning: () => boolean, limitS = 180): Promise<number | "exited" | "timeout"> {
  for (let i = 0; i < limitS; i++) {
    if (!stillRunning()) return "exited";
    try {
      const r = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(3000) });
      return r.status;
    } catch {
      await new Promise((res) => setTimeout(res, 1000));
    }
  }
  return "timeout";
}
