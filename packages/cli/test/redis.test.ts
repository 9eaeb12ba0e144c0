import { spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { StepFailure } from "../src/output";
import { checkRedisPolicy, ensureRedis, planRedis, redisConfigGet, redisProbe, redisServerArgs } from "../src/steps/redis";
import { fakeSystem, freePort, recordingRunner, testContext } from "./helpers";

// Private redis-servers on free ports, shut down at the end: the shared Redis is never touched.
const started: number[] = [];
afterAll(async () => {
  for (const port of started) {
    const r = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0 });
    r.on("error", () => {});
    await r.connect().then(() => r.call("shutdown", "nosave")).catch(() => {});
    r.disconnect();
  }
});

// Not root and no /var/lib/redis: the server's files go to the test's temporary folder.
const privateSystem = () => fakeSystem({ isRoot: false, have: (c) => c === "redis-server", fileExists: () => false });

describe("Redis", () => {
  it("decides: found, started, installed then started (root on Debian), or refused", () => {
    expect(planRedis({ answers: true, local: true, haveServer: true, canApt: false })).toEqual({ do: "found" });
    expect(planRedis({ answers: false, local: false, haveServer: true, canApt: true })).toEqual({ do: "fail-remote" });
    expect(planRedis({ answers: false, local: true, haveServer: true, canApt: false })).toEqual({ do: "start" });
    expect(planRedis({ answers: false, local: true, haveServer: false, canApt: true })).toEqual({ do: "install-then-start" });
    expect(planRedis({ answers: false, local: true, haveServer: false, canApt: false })).toEqual({ do: "fail-not-installed" });
  });

  it("starts a local server that is down, with appendonly yes and noeviction, and finds it the second time", async () => {
    const port = await freePort();
    started.push(port);
    const url = `redis://127.0.0.1:${port}`;
    expect((await redisProbe(url)).state).toBe("down");
    const { ctx, out } = testContext("services", { sys: privateSystem(), env: { REDIS_URL: url } });
    await ensureRedis(ctx);
    expect(out.text()).toContain(`→ Redis is not running: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port ${port}`);
    expect(out.text()).toContain(`✓ Redis at 127.0.0.1:${port} answers (started here)`);
    expect((await redisProbe(url)).state).toBe("answers");
    expect(await redisConfigGet(url, "appendonly")).toBe("yes");
    expect(await redisConfigGet(url, "appendfsync")).toBe("everysec");
    expect(await redisConfigGet(url, "maxmemory-policy")).toBe("noeviction");
    expect(await redisConfigGet(url, "save")).toBe("");

    const again = testContext("services", { sys: privateSystem(), env: { REDIS_URL: url } });
    await ensureRedis(again.ctx);
    expect(again.out.text()).toContain(`✓ Redis at 127.0.0.1:${port} answers (REDIS_URL from default)`);
    expect(again.out.text()).not.toContain("→");
  });

  it("sets noeviction on a local server that evicts, and only reports it under doctor", async () => {
    const port = await freePort();
    started.push(port);
    const r = spawnSync("redis-server", ["--daemonize", "yes", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "allkeys-lru", "--dir", testContext().dir]);
    expect(r.status).toBe(0);
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 20 && (await redisProbe(url)).state !== "answers"; i++) await new Promise((res) => setTimeout(res, 250));
    const doctor = testContext("doctor", { sys: privateSystem(), env: { REDIS_URL: url } });
    await checkRedisPolicy(doctor.ctx, "report");
    expect(doctor.out.text()).toContain("✗ Redis maxmemory-policy is allkeys-lru, not noeviction");
    expect(await redisConfigGet(url, "maxmemory-policy")).toBe("allkeys-lru");
    const { ctx, out } = testContext("start", { sys: privateSystem(), env: { REDIS_URL: url } });
    await checkRedisPolicy(ctx, "fix");
    expect(out.text()).toContain("→ Redis maxmemory-policy was allkeys-lru: set it to noeviction");
    expect(await redisConfigGet(url, "maxmemory-policy")).toBe("noeviction");
  });

  it("installs redis-server with apt as root on Debian when it is missing", async () => {
    const runner = recordingRunner((c) => (c.command === "redis-server" ? { code: 1, stderr: "stop here" } : undefined));
    const port = await freePort();
    const { ctx } = testContext("start", { sys: fakeSystem({ isRoot: true, isDebian: true, have: () => false, run: runner.run }), env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    await expect(ensureRedis(ctx)).rejects.toThrow(/redis-server did not start/);
    expect(runner.lines().slice(0, 2)).toEqual(["apt-get update -qq", "apt-get install -y -qq redis-server"]);
  });

  it("never starts a remote server: it says so, naming the URL without its password", async () => {
    const runner = recordingRunner();
    const { ctx } = testContext("start", { sys: fakeSystem({ run: runner.run }), env: { REDIS_URL: "redis://:pw@192.0.2.1:6379" } });
    const error = await ensureRedis(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    expect((error as StepFailure).message).toContain("redis://:***@192.0.2.1:6379");
    expect(runner.calls).toEqual([]);
  }, 20_000);

  it("passes the flags of today's start to redis-server", () => {
    expect(redisServerArgs(6400, "/d", "/l")).toEqual(
      ["--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6400", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction", "--dir", "/d", "--logfile", "/l"],
    );
  });
});
