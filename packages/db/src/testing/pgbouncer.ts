import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** Where Debian's package puts it (not on a non-root PATH). */
export const PGBOUNCER_BIN = ["/usr/sbin/pgbouncer", "pgbouncer"].find((bin) => !spawnSync(bin, ["--version"], { stdio: "ignore" }).error);

export interface Pgbouncer {
  port: number;
  /** `url` with its host and port replaced by this pooler's: the same login, through the pooler. */
  through(url: string): string;
  /** Stops it (SIGKILL: as a crash would) and starts it again on the same port; clients reconnect. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

/**
 * A private pgbouncer in transaction mode (pool_mode = transaction, as managed poolers run) in front
 * of the PostgreSQL server of `logins`, on a free port, its ini and userlist in a temporary folder.
 * `logins` are postgres:// URLs whose user and password it accepts (md5) and passes on to the server.
 * Never the machine's own pgbouncer; stop() removes everything. Run as `nobody` when we are root
 * (pgbouncer refuses to run as root).
 */
export async function startPgbouncer(logins: string[], options: { poolSize?: number } = {}): Promise<Pgbouncer> {
  if (!PGBOUNCER_BIN) throw new Error("pgbouncer is not installed (Debian: apt-get install -y pgbouncer)");
  const first = new URL(logins[0]!);
  const dir = await mkdtemp(path.join(tmpdir(), "casebook-pgbouncer-"));
  await chmod(dir, 0o755);
  const port = await freePort();
  const users = [...new Map(logins.map((l) => new URL(l)).map((u) => [decodeURIComponent(u.username), decodeURIComponent(u.password)])).entries()];
  await writeFile(path.join(dir, "userlist.txt"), users.map(([u, p]) => `"${u}" "${p.replace(/"/g, '""')}"`).join("\n") + "\n", { mode: 0o644 });
  const ini = [
    "[databases]",
    `* = host=${first.hostname} port=${first.port || 5432}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = md5",
    `auth_file = ${path.join(dir, "userlist.txt")}`,
    "pool_mode = transaction",
    `default_pool_size = ${options.poolSize ?? 10}`,
    "max_client_conn = 500",
    // postgres.js sends these at start-up; pgbouncer would refuse a parameter it does not know.
    "ignore_startup_parameters = extra_float_digits,options",
    "server_reset_query =",
    "log_connections = 0",
    "log_disconnections = 0",
    "",
  ].join("\n");
  await writeFile(path.join(dir, "pgbouncer.ini"), ini, { mode: 0o644 });
  const asUser = process.getuid?.() === 0 ? ["-u", "nobody"] : [];
  let child: ChildProcess | undefined;
  let output = "";
  const start = async () => {
    child = spawn(PGBOUNCER_BIN, [...asUser, path.join(dir, "pgbouncer.ini")], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
    child.stderr!.on("data", (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
    for (let i = 0; !(await answers(port)); i++) {
      if (child.exitCode !== null || i > 100) throw new Error(`pgbouncer did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill(signal);
    await exited;
  };
  try {
    await start();
  } catch (err) {
    await kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    through(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    async restart() {
      await kill("SIGKILL");
      await start();
    },
    async stop() {
      await kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
