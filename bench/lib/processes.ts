// Child processes of the dispatch benches (outreach, faults, soak): the real worker, the provider
// simulator, raw BullMQ workers, and private redis-server / PostgreSQL servers the bench starts and
// restarts itself (never the shared 6379 and 5432). Linux only (/proc, Debian's binaries).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const workerDir = path.join(benchDir, "../apps/worker");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) each process has used so far, from /proc (USER_HZ is 100). */
export async function cpuSecondsOf(pids: ReadonlyArray<number | undefined>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    if (pid === undefined) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // Gone: counted as nothing.
    }
  }
  return out;
}
export const cpuSpent = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((t, [pid, s]) => t + s - (before.get(pid) ?? 0), 0);

/** A process's resident set in MB (VmRSS), undefined once it is gone. */
export async function rssMbOf(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"));
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}
export async function freePort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (await portFree(port)) return port;
  }
  throw new Error("no free port");
}

function run(cmd: string, args: string[], options: { uid?: number; gid?: number } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    child.once("error", (err) => resolve({ code: -1, out: String(err) }));
    child.once("exit", (code) => resolve({ code, out }));
  });
}

export interface BenchChild {
  child: ChildProcess;
  /** What it printed before it said it was ready. */
  out: string;
}

/**
 * The bench's children: `node --import tsx <args>` started in `cwd`, ready once they print
 * `readyText`. `node --cpu-prof --cpu-prof-dir D --import tsx <bench>.ts` profiles every child too
 * (spawn does not pass the parent's flags on by itself). `ipc`: a channel for `child.send` (the
 * simulator's fault switch).
 */
export class Children {
  readonly list: ChildProcess[] = [];
  private readonly profileArgs = process.execArgv.filter((a, i, all) => a.startsWith("--cpu-prof") || all[i - 1] === "--cpu-prof-dir");

  spawn(args: string[], cwd: string, env: Record<string, string>, readyText: string, options: { ipc?: boolean } = {}): Promise<BenchChild> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...this.profileArgs, "--import", "tsx", ...args], {
        cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe", ...(options.ipc ? (["ipc"] as const) : [])],
      });
      this.list.push(child);
      let out = "";
      let ready = false;
      const onData = (b: Buffer) => {
        if (ready) return;
        out += b.toString();
        if (out.includes(readyText)) {
          ready = true;
          resolve({ child, out });
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.stdout!.on("data", (b: Buffer) => {
        if (process.env.BENCH_VERBOSE && /job failed|dispatch batch|handed|given up|error/.test(b.toString())) process.stderr.write(b.toString().slice(0, 600));
      });
      child.once("exit", (code, signal) => {
        this.remove(child);
        if (!ready) reject(new Error(`child exited ${code ?? signal}: ${out.slice(-2000)}`));
      });
    });
  }

  remove(child: ChildProcess) {
    const i = this.list.indexOf(child);
    if (i >= 0) this.list.splice(i, 1);
  }

  /** SIGTERM (the worker's graceful stop), SIGKILL after `graceMs`. */
  static stop(child: ChildProcess, graceMs = 15_000): Promise<void> {
    return new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      child.once("exit", () => {
        clearTimeout(timer);
        r();
      });
      child.kill("SIGTERM");
    });
  }

  /** kill -9, resolved once it is gone. */
  static kill9(child: ChildProcess): Promise<void> {
    return new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once("exit", () => r());
      child.kill("SIGKILL");
    });
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.list].map((c) => Children.stop(c)));
    this.list.length = 0;
  }
}

// ---- a private redis-server ---------------------------------------------------------------------

export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops the server (SHUTDOWN: the append-only file is flushed), waits `downMs`, starts it again on
   *  the same port and folder, and resolves once it answers PING. */
  restart(downMs?: number): Promise<{ downSeconds: number }>;
  stop(): Promise<void>;
}

/**
 * A redis-server of the bench's own, on a free port, in a temporary folder, with persistence as
 * production runs it (append-only file, fsync every second): a restart keeps the queues. Never the
 * shared Redis on 6379.
 */
export async function startPrivateRedis(options: { appendonly?: boolean } = {}): Promise<PrivateRedis> {
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).error) throw new Error("redis-server is not installed (Debian: apt-get install -y redis-server)");
  const dir = await mkdtemp(path.join(tmpdir(), "cbbench-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", [
      "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "",
      "--appendonly", options.appendonly === false ? "no" : "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction",
    ], { stdio: "ignore" });
    for (let i = 0; ; i++) {
      if ((await run("redis-cli", ["-p", String(port), "ping"])).out.includes("PONG")) return;
      if (i > 200) throw new Error(`the private redis-server on ${port} did not answer`);
      await sleep(50);
    }
  };
  const halt = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM"); // redis-server shuts down cleanly on SIGTERM (flushes the AOF)
    await gone;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs = 0) {
      const t0 = Date.now();
      await halt();
      await sleep(downMs);
      await start();
      return { downSeconds: (Date.now() - t0) / 1000 };
    },
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---- a private PostgreSQL cluster ----------------------------------------------------------------

export const PG_BIN = "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres: what createTestDatabase takes as `serverUrl`. */
  adminUrl: string;
  /** `pg_ctl stop -m fast`, `downMs` down, `pg_ctl start`; resolves once it accepts connections. */
  restart(downMs?: number): Promise<{ downSeconds: number }>;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL cluster of the bench's own (initdb into a temporary folder, trust authentication,
 * its socket in the folder), on a free port: the shared server on 5432 is never restarted. initdb and
 * the server refuse to run as root, so they run as the `postgres` system user when the bench is root.
 */
export async function startPrivatePostgres(options: { sharedBuffersMb?: number } = {}): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), "cbbench-pg-"));
  const data = path.join(dir, "data");
  const port = await freePort();
  const asUser: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
    asUser.uid = id("-u");
    asUser.gid = id("-g");
    chownSync(dir, asUser.uid, asUser.gid);
  }
  const pgCtl = (...args: string[]) => run(path.join(PG_BIN, "pg_ctl"), ["-D", data, ...args], asUser);
  const init = await run(path.join(PG_BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], asUser);
  if (init.code !== 0) throw new Error(`initdb failed: ${init.out.slice(-1000)}`);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=${options.sharedBuffersMb ?? 128}MB -c fsync=on -c synchronous_commit=on`;
  const start = async () => {
    const r = await pgCtl("-o", serverOptions, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start");
    if (r.code !== 0) throw new Error(`pg_ctl start failed: ${r.out.slice(-1000)} ${await readFile(path.join(dir, "server.log"), "utf8").catch(() => "")}`.slice(-2000));
  };
  await start();
  return {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart(downMs = 0) {
      const t0 = Date.now();
      const stopped = await pgCtl("-m", "fast", "-w", "stop");
      if (stopped.code !== 0) throw new Error(`pg_ctl stop failed: ${stopped.out.slice(-1000)}`);
      await sleep(downMs);
      await start();
      return { downSeconds: (Date.now() - t0) / 1000 };
    },
    async stop() {
      await pgCtl("-m", "immediate", "-w", "stop");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
