import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** Debian's redis-server and redis-cli, or undefined when either is missing (the test then skips). */
export function redisServerMissing(): string | undefined {
  for (const bin of ["redis-server", "redis-cli"]) {
    if (spawnSync(bin, ["--version"], { stdio: "ignore" }).error) return `${bin} is not installed (Debian: apt-get install -y redis-server)`;
  }
  return undefined;
}

export interface RedisCluster {
  /** "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3": what REDIS_CLUSTER_NODES takes. */
  nodes: string;
  ports: number[];
  stop(): Promise<void>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** A free port whose cluster-bus twin (port + 10000, Redis' convention) is free as well. */
async function clusterPort(taken: number[]): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.includes(port) || taken.includes(port + 10_000)) continue;
    if ((await portFree(port)) && (await portFree(port + 10_000))) return port;
  }
  throw new Error("no free port pair for a Redis Cluster node");
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    child.once("exit", (code) => resolve({ code, out }));
  });
}

/**
 * A private three-master Redis Cluster (no replicas) on ports of its own, in a temporary folder,
 * nothing kept on disk: never the shared Redis on 6379. Stopped (and its folder removed) by stop().
 */
export async function startRedisCluster(size = 3): Promise<RedisCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), "casebook-redis-cluster-"));
  const ports: number[] = [];
  for (let i = 0; i < size; i++) ports.push(await clusterPort(ports));
  const children: ChildProcess[] = ports.map((port) =>
    spawn("redis-server", [
      "--port", String(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
      "--cluster-config-file", path.join(dir, `nodes-${port}.conf`), "--dir", dir,
      "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction",
    ], { stdio: "ignore" }),
  );
  const stop = async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once("exit", r)))));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      for (let i = 0; ; i++) {
        if ((await run("redis-cli", ["-p", String(port), "ping"])).out.includes("PONG")) break;
        if (i > 100) throw new Error(`redis-server on ${port} did not answer`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    const created = await run("redis-cli", ["--cluster", "create", ...nodes, "--cluster-replicas", "0", "--cluster-yes"]);
    if (created.code !== 0) throw new Error(`redis-cli --cluster create failed: ${created.out.slice(-500)}`);
    // Every node must agree that all 16384 slots are served before clients connect.
    for (let i = 0; ; i++) {
      const states = await Promise.all(ports.map((p) => run("redis-cli", ["-p", String(p), "cluster", "info"])));
      if (states.every((s) => s.out.includes("cluster_state:ok"))) break;
      if (i > 200) throw new Error("the cluster did not reach cluster_state:ok");
      await new Promise((r) => setTimeout(r, 100));
    }
    return { nodes: nodes.join(","), ports, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
