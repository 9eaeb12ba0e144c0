import { accessSync, constants, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { canApt, isLocalHost, unresolved, type Context } from "../context";
import { StepFailure } from "../output";
import { aptInstall } from "./apt";
import { urlParts } from "./env-file";

function connect(url: string): Redis {
  return new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
}

/** PING: "answers", "auth" (it answers but refuses REDIS_URL's credentials, with its words) or "down". */
export async function redisProbe(url: string): Promise<{ state: "answers" | "down" } | { state: "auth"; message: string }> {
  const r = connect(url);
  r.on("error", () => {});
  try {
    await r.connect();
    return (await r.ping()) === "PONG" ? { state: "answers" } : { state: "down" };
  } catch (error) {
    const message = (error as Error).message;
    if (/NOAUTH|WRONGPASS|invalid password|invalid username-password/i.test(message)) return { state: "auth", message };
    return { state: "down" };
  } finally {
    r.disconnect();
  }
}

export async function redisConfigGet(url: string, key: string): Promise<string | null> {
  const r = connect(url);
  r.on("error", () => {});
  try {
    await r.connect();
    const reply = (await r.config("GET", key)) as string[];
    return reply[1] ?? null;
  } catch {
    return null;
  } finally {
    r.disconnect();
  }
}

async function redisConfigSet(url: string, key: string, value: string): Promise<boolean> {
  const r = connect(url);
  r.on("error", () => {});
  try {
    await r.connect();
    return (await r.config("SET", key, value)) === "OK";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/**
 * The local server this command starts: loopback only; the AOF (appendonly yes, fsync every second)
 * keeps what was queued across a restart, and no RDB snapshots; maxmemory-policy noeviction, because
 * BullMQ silently loses queued jobs under any eviction policy.
 */
export function redisServerArgs(port: number, dir: string, logfile: string): string[] {
  return [
    "--daemonize", "yes",
    "--bind", "127.0.0.1", "-::1",
    "--port", String(port),
    "--save", "",
    "--appendonly", "yes",
    "--appendfsync", "everysec",
    "--maxmemory-policy", "noeviction",
    "--dir", dir,
    "--logfile", logfile,
  ];
}

/** Starts redis-server as a daemon on `port` and waits until it answers (10 s at most). */
export async function startLocalRedis(ctx: Context, port: number, where: { dir?: string; logfile?: string } = {}): Promise<void> {
  const writable = (d: string) => ctx.sys.fileExists(d) && isWritable(d);
  const dir = where.dir ?? (writable("/var/lib/redis") ? "/var/lib/redis" : join(ctx.root, "var/redis"));
  const logfile = where.logfile ?? (writable("/var/log/redis") ? "/var/log/redis/casebook.log" : join(ctx.logDir, "redis.log"));
  mkdirSync(dir, { recursive: true });
  const args = redisServerArgs(port, dir, logfile);
  ctx.out.did(`Redis is not running: redis-server ${args.map((a) => (a === "" ? '""' : a)).join(" ")}`);
  // Not the caller's process: CI reaps what carries its run marker, and this server is the machine's.
  const { CASEBOOK_CI_MARK: _mark, ...env } = process.env;
  const r = await ctx.sys.run("redis-server", args, { env, logFile: join(ctx.logDir, "redis-start.log") });
  if (r.code !== 0) throw new StepFailure(`redis-server did not start: ${`${r.stdout}${r.stderr}`.trim().split("\n").slice(-3).join(" ")}`, [`its log: ${logfile}`]);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 20; i++) {
    if ((await redisProbe(url)).state === "answers") return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new StepFailure(`redis-server was started but does not answer on port ${port} after 10 s`, [`its log: ${logfile}`]);
}

function isWritable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What to do about the Redis of REDIS_URL: the decision alone, tested on its own. */
export type RedisPlan = { do: "found" } | { do: "fail-remote" } | { do: "install-then-start" } | { do: "start" } | { do: "fail-not-installed" };

export function planRedis(facts: { answers: boolean; local: boolean; haveServer: boolean; canApt: boolean }): RedisPlan {
  if (facts.answers) return { do: "found" };
  if (!facts.local) return { do: "fail-remote" };
  if (facts.haveServer) return { do: "start" };
  return facts.canApt ? { do: "install-then-start" } : { do: "fail-not-installed" };
}

export async function ensureRedis(ctx: Context): Promise<void> {
  const url = ctx.env.REDIS_URL!;
  const { host, port, safe } = urlParts(url);
  const where = `Redis at ${host}:${port}`;
  const origin = ctx.origin.get("REDIS_URL") ?? "default";
  const probe = await redisProbe(url);
  if (probe.state === "auth") {
    throw new StepFailure(`${where} answers but refuses REDIS_URL's credentials: ${probe.message}`, ["put the right password in REDIS_URL: redis://:PASSWORD@HOST:6379 (or redis://USER:PASSWORD@HOST:6379)"]);
  }
  const plan = planRedis({ answers: probe.state === "answers", local: isLocalHost(host), haveServer: ctx.sys.have("redis-server"), canApt: canApt(ctx.sys) });
  switch (plan.do) {
    case "found":
      ctx.out.ok(`${where} answers (REDIS_URL from ${origin})`);
      break;
    case "fail-remote":
      throw new StepFailure(`${where} does not answer (REDIS_URL=${safe}, from ${origin})${await unresolved(host)}.`, [
        "a remote server is never started from here: start it, check the host, port and password, or",
        "unset REDIS_URL (and remove it from .env) to use a local Redis that this command starts or installs.",
      ]);
    case "fail-not-installed":
      throw new StepFailure(`${where} does not answer and redis-server is not installed (this command installs it only as root on Debian).`, [
        `Debian/Ubuntu: sudo apt-get install -y redis-server   (then rerun: ./casebook ${ctx.mode})`,
        "or with Docker: docker compose -f infra/compose.yaml up -d",
        `or point REDIS_URL at a server you have: REDIS_URL=redis://HOST:6379 ./casebook ${ctx.mode}`,
      ]);
    case "install-then-start":
    case "start":
      if (plan.do === "install-then-start") await aptInstall(ctx, ["redis-server"]);
      // Debian's redis-server package may start it through systemd; where there is none it does not.
      if ((await redisProbe(url)).state !== "answers") await startLocalRedis(ctx, port);
      ctx.out.ok(`${where} answers (started here)`);
  }
  await checkRedisPolicy(ctx, "fix");
}

/** BullMQ needs maxmemory-policy noeviction: set on a local server (`fix`), refused on a remote one,
 *  reported by doctor (`report`). */
export async function checkRedisPolicy(ctx: Context, act: "fix" | "report"): Promise<void> {
  const url = ctx.env.REDIS_URL!;
  const { host } = urlParts(url);
  const policy = await redisConfigGet(url, "maxmemory-policy");
  if (policy === "noeviction") {
    ctx.out.ok("Redis maxmemory-policy is noeviction (BullMQ needs it: any eviction policy silently drops queued jobs)");
  } else if (policy === null) {
    ctx.out.warn("could not read Redis maxmemory-policy (CONFIG may be disabled on this server): make sure it is noeviction, or BullMQ can lose jobs");
  } else if (act === "fix" && isLocalHost(host)) {
    if (!(await redisConfigSet(url, "maxmemory-policy", "noeviction"))) {
      throw new StepFailure(`Redis maxmemory-policy is ${policy} and CONFIG SET failed`, ["set 'maxmemory-policy noeviction' in redis.conf and restart Redis"]);
    }
    ctx.out.did(
      `Redis maxmemory-policy was ${policy}: set it to noeviction (CONFIG SET, until Redis restarts; put 'maxmemory-policy noeviction' in redis.conf to keep it), since BullMQ loses jobs under eviction`,
    );
  } else if (act === "fix") {
    throw new StepFailure(`Redis at ${host} has maxmemory-policy ${policy}: BullMQ needs noeviction, or Redis evicts queued jobs and they are silently lost.`, [
      "a remote server's settings are not changed from here: set 'maxmemory-policy noeviction' in its configuration (or its provider's console),",
      "or use another Redis for the queues (REDIS_URL).",
    ]);
  } else {
    ctx.out.bad(`Redis maxmemory-policy is ${policy}, not noeviction: BullMQ loses jobs under eviction`);
    ctx.out.fix("local: redis-cli config set maxmemory-policy noeviction (./casebook start does it); remote: change the server's configuration");
  }
}
