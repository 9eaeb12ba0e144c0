import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createChannels, type Channels } from "@casebook/channels";
import { startProviderSimulator, startSmtpSink, type ProviderSimulator, type SmtpSink } from "@casebook/channels/sinks";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { systemActor, type DomainContext } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";
import { connectRedis, createProducer, deleteQueuePrefix, producerJobQueue, type Producer, type RedisConnection } from "@casebook/jobs";

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const API_KEY = "worker-test-api-key";
export const SIGNING_SECRET = "worker-test-signing-secret";
export const DEFAULT_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface Harness {
  t: TestDatabase;
  sim: ProviderSimulator;
  sink: SmtpSink;
  prefix: string;
  producer: Producer;
  redis: RedisConnection;
  channels: Channels;
  env: Record<string, string>;
  ctx(now: Date): DomainContext;
  spawnWorker(extra?: Record<string, string>): WorkerProcess;
  close(): Promise<void>;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** `clusterNodes`: run against a Redis Cluster (REDIS_CLUSTER_NODES, given to the workers as well);
 *  by default the environment's own REDIS_CLUSTER_NODES, so the whole suite can be pointed at one. */
export async function startHarness(options: { redisUrl?: string; clusterNodes?: string } = {}): Promise<Harness> {
  const REDIS_URL = options.redisUrl ?? DEFAULT_REDIS_URL;
  const clusterNodes = options.clusterNodes ?? process.env.REDIS_CLUSTER_NODES;
  const t = await createTestDatabase({ max: 10 });
  await seedStrategiesAndTemplates(t.db);
  const sim = await startProviderSimulator({ port: 0, apiKey: API_KEY, signingSecret: SIGNING_SECRET, receiptDelayMs: 50 });
  const sink = await startSmtpSink({ port: 0 });
  const prefix = `cbtest-${randomBytes(4).toString("hex")}`;
  const letterDir = await mkdtemp(path.join(tmpdir(), "casebook-worker-letters-"));
  const env: Record<string, string> = {
    DATABASE_URL: t.url,
    DATABASE_POOL_MAX: "6",
    REDIS_URL,
    CASEBOOK_QUEUE_PREFIX: prefix,
    SMTP_URL: sink.url,
    PROVIDER_URL: sim.url,
    PROVIDER_API_KEY: API_KEY,
    PROVIDER_SIGNING_SECRET: SIGNING_SECRET,
    LETTER_DIR: letterDir,
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "info",
    WORKER_NO_SCHEDULERS: "true",
    ...(clusterNodes ? { REDIS_CLUSTER_NODES: clusterNodes } : {}),
  };
  const jobsEnv = { REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix, REDIS_CLUSTER_NODES: clusterNodes };
  const producer = createProducer({ env: jobsEnv });
  const redis = connectRedis(jobsEnv, {});
  const channels = createChannels({
    NODE_ENV: "test", SMTP_URL: sink.url, EMAIL_FROM: "Casebook <no-reply@casebook.test>", PROVIDER_URL: sim.url, PROVIDER_API_KEY: API_KEY,
    PROVIDER_SIGNING_SECRET: SIGNING_SECRET, PROVIDER_TIMEOUT_MS: 5000, LETTER_DIR: letterDir, LETTER_FONT_PATH: undefined, LETTER_FONT_FAMILY: undefined,
    LETTER_LETTERHEAD: "Casebook Collections", LETTER_LETTERHEAD_LINES: "",
  });
  const children: WorkerProcess[] = [];
  const actor = systemActor("worker-test");
  return {
    t, sim, sink, prefix, producer, redis, channels, env,
    ctx: (now) => testContext(t.db, actor, now, { enqueue: producerJobQueue(producer) }),
    spawnWorker(extra = {}) {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: workerDir, env: { ...process.env, ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let resolveReady!: () => void;
      const ready = new Promise<void>((r) => (resolveReady = r));
      const onData = (b: Buffer) => {
        out += b.toString();
        if (out.includes("worker started")) resolveReady();
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      const wp = { child, output: () => out, ready, exited };
      children.push(wp);
      return wp;
    },
    async close() {
      for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGTERM");
      await Promise.all(children.map((c) => Promise.race([c.exited, new Promise((r) => setTimeout(r, 10_000))])));
      for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
      await producer.close();
      await deleteQueuePrefix(redis, prefix);
      await redis.quit();
      await channels.close().catch(() => undefined);
      await sim.close();
      await sink.close();
      await rm(letterDir, { recursive: true, force: true });
      await t.drop();
    },
  };
}

export async function waitUntil<T>(probe: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
