// pnpm --filter @casebook/bench outreach [-- --accounts 1000000 --dispatch 12000 --workers 4 --batch 50 --gated-concurrency 4 --skip sweep --profile DIR --auto-explain 0.1]
// Prints one JSON object: the sweep over N accounts with due steps (select + enqueue), Redis memory
// with them scheduled, and gated dispatch through 4 worker processes vs a raw BullMQ no-op worker.
// Uses fresh databases and a unique queue prefix; deletes only its own keys afterwards.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import postgres from "postgres";
import { readDbEnv } from "@casebook/db";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase } from "@casebook/db/testing";
import { sweepDueSteps } from "@casebook/domain";
import { createProducer, deleteQueuePrefix, enqueueDispatchBatches, producerJobQueue, type JobQueue } from "@casebook/jobs";
import { allZero, benchContext, bulkCases, insertSteps, ledgerFindings, providerFindings } from "./lib/ledger";
import { benchDir, Children, cpuSecondsOf, cpuSpent, workerDir } from "./lib/processes";
import { SIM_API_KEY, SIM_SECRET, startSimulatorProcess } from "./lib/provider-sim";

const here = benchDir;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const { values } = parseArgs({
  // `pnpm ... outreach -- --accounts N` passes the "--" through.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    accounts: { type: "string", default: "1000000" },
    dispatch: { type: "string", default: "12000" },
    workers: { type: "string", default: "4" },
    /** The raw no-op workers' job concurrency. */
    concurrency: { type: "string", default: "16" },
    /** Dispatch jobs a gated worker runs at once. Each is a batch whose gate is CPU in one stretch: 16
     *  batches of 50 at once let the sends' answers wait behind other batches' gating until the
     *  provider timeout called them unknown (half the steps ended in reconcile at load 20+). */
    "gated-concurrency": { type: "string", default: "4" },
    /** Steps dispatched through the workers before the measured phase (not timed, not counted), then
     *  ANALYZE, so the measured statements are planned on a ledger that is not empty (see below). 0 (the
     *  default, as before): the measured phase starts on an empty ledger with freshly started workers. */
    warmup: { type: "string", default: "0" },
    /** Steps per dispatch job: the sweep's default (packages/jobs enqueueDispatchBatches). */
    batch: { type: "string", default: "100" },
    "noop-worker": { type: "string" },
    /** Writes a V8 CPU profile of the first gated worker into this directory (node --cpu-prof). */
    profile: { type: "string" },
    /** Logs EXPLAIN (ANALYZE, BUFFERS) of this fraction of the workers' statements, trigger statements
     *  included, into the server's log (auto_explain, set on the bench database only). */
    "auto-explain": { type: "string" },
    prefix: { type: "string" },
    skip: { type: "string", multiple: true, default: [] },
  },
});

// ---- child mode: a raw BullMQ no-op worker (the baseline) -------------------------------------
if (values["noop-worker"]) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const worker = new Worker(values["noop-worker"], async () => undefined, { connection, prefix: values.prefix!, concurrency: Number(values.concurrency), removeOnComplete: { count: 1000 } });
  await worker.waitUntilReady();
  console.log("noop ready");
  process.once("SIGTERM", () => void worker.close().then(() => connection.quit()).then(() => process.exit(0)));
  await new Promise(() => {});
}

const log = (m: string) => console.error(`[outreach-bench] ${m}`);

/** auto_explain for every new connection to the bench database `name` (a superuser's setting: the
 *  admin login), analysed with buffers and trigger times, `rate` of the statements sampled. */
async function autoExplain(name: string, rate: number): Promise<void> {
  const env = readDbEnv();
  const adminUrl = new URL(env.DATABASE_ADMIN_URL ?? env.DATABASE_URL);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    const settings = ["session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = 0", "auto_explain.log_analyze = on", "auto_explain.log_buffers = on",
      "auto_explain.log_nested_statements = on", "auto_explain.log_triggers = on", `auto_explain.sample_rate = ${Math.min(1, Math.max(0, rate))}`];
    for (const setting of settings) await admin.unsafe(`alter database "${name}" set ${setting}`);
  } finally {
    await admin.end();
  }
}
const prefix = `cbbench-${randomBytes(4).toString("hex")}`;
const redis = new Redis(REDIS_URL);
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))![1]);
/** The bytes Redis holds for our prefix, key by key (MEMORY USAGE, every field sampled): unlike the
 *  server's used_memory, no other helper's traffic on the shared Redis is counted in it. */
async function prefixMemory(): Promise<{ keys: number; bytes: number }> {
  let keys = 0;
  let bytes = 0;
  let cursor = "0";
  do {
    const [next, page] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 5000);
    cursor = next;
    keys += page.length;
    const sizes = await Promise.all(page.map((k) => redis.call("MEMORY", "USAGE", k, "SAMPLES", "0") as Promise<number | null>));
    bytes += sizes.reduce<number>((t, n) => t + (n ?? 0), 0);
  } while (cursor !== "0");
  return { keys, bytes };
}

const result: Record<string, unknown> = { at: new Date().toISOString(), prefix, cores: (await import("node:os")).cpus().length };

// ---- 1. the sweep over N accounts with due steps ---------------------------------------------------
const accounts = Number(values.accounts);
if (!values.skip.includes("sweep")) {
  const t = await createTestDatabase({ max: 4 });
  try {
    const now = new Date();
    log(`inserting ${accounts} accounts with due steps`);
    const s0 = Date.now();
    await bulkCases(t, accounts, { steps: true, dueAt: new Date(now.getTime() - 60_000).toISOString(), channel: "sms", template: "us_followup_sms" }, log);
    const insertSeconds = (Date.now() - s0) / 1000;
    const memBefore = await usedMemory();
    const producer = createProducer({ env: { REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix } });
    log("sweeping");
    const t0 = Date.now();
    let jobs = 0;
    const counting: JobQueue = {
      dispatchSteps: () => Promise.reject(new Error("the sweep enqueues batches")),
      sendPortalCode: () => Promise.reject(new Error("the sweep signs nobody in")),
      async dispatchBatches(batch) {
        // Two sweep loops call this concurrently: read the count after the await, never across it.
        const added = await enqueueDispatchBatches(producer, batch);
        jobs += added;
      },
    };
    const swept = await sweepDueSteps(benchContext(t.db, now, counting), { limit: accounts, batchSize: 10_000 });
    const sweepSeconds = (Date.now() - t0) / 1000;
    const memAfter = await usedMemory();
    const allDue = await prefixMemory();
    // Measured, not assumed: the steps the waiting jobs actually carry and their payloads' size, read back
    // from Redis.
    const queue = producer.queue("dispatch-sms");
    const waitingJobs = await queue.getWaitingCount();
    let waitingSteps = 0;
    let payloadBytes = 0;
    let largestJobSteps = 0;
    for (let from = 0; from < waitingJobs; from += 1000) {
      const page = await queue.getWaiting(from, from + 999);
      for (const job of page) {
        const steps = (job.data as { steps: unknown[] }).steps.length;
        waitingSteps += steps;
        largestJobSteps = Math.max(largestJobSteps, steps);
        payloadBytes += Buffer.byteLength(JSON.stringify(job.data));
      }
    }
    const deleted = await deleteQueuePrefix(redis, prefix);
    const memCleared = await usedMemory();

    // The same number of steps scheduled but not yet due (tomorrow): a sweep runs, and what it leaves
    // in Redis under our prefix is measured (keys and bytes), not written down as zero.
    await t.sql`insert into outreach_steps (case_id, person_id, party_person_id, account_ids, kind, channel, template_code, purpose, due_at, occurrence)
      select case_id, person_id, party_person_id, account_ids, 'bench-later', channel, template_code, purpose, now() + interval '1 day', occurrence + ${accounts}
        from outreach_steps where kind = 'bench'`;
    // Only the not-yet-due steps may be candidates: the due ones' jobs went with the prefix above, and on a
    // slow machine their leases run out during this phase, so the sweep would select them again and this
    // figure would measure them (it did: 1,000,000 selected at load 16). They are removed (their phase is
    // over; a delete, not an update: a step's state is written by the step lifecycle alone).
    await t.ownerSql`delete from outreach_steps where kind = 'bench'`;
    const memNotDueBefore = await usedMemory();
    const notDue = await sweepDueSteps(benchContext(t.db, new Date(), producerJobQueue(producer)), { limit: accounts, batchSize: 10_000 });
    const memNotDueAfter = await usedMemory();
    const notDueMemory = await prefixMemory();
    await producer.close();
    await deleteQueuePrefix(redis, prefix);
    result.sweep = {
      accounts,
      insertSeconds,
      selected: swept.selected,
      batches: swept.batches,
      enqueuedJobs: waitingJobs,
      enqueuedJobsReported: jobs,
      stepsPerJob: waitingJobs ? Math.round((waitingSteps / waitingJobs) * 100) / 100 : 0,
      largestJobSteps,
      jobPayloadBytes: { total: payloadBytes, perJob: waitingJobs ? Math.round(payloadBytes / waitingJobs) : 0, perStep: waitingSteps ? Math.round((payloadBytes / waitingSteps) * 10) / 10 : 0 },
      enqueuedSteps: waitingSteps,
      seconds: sweepSeconds,
      stepsPerSecond: Math.round(swept.selected / sweepSeconds),
      targetSeconds: 120,
      pass: swept.selected === accounts && waitingSteps === accounts && sweepSeconds <= 120,
    };
    result.redisMemory = {
      note: "prefix*: MEMORY USAGE summed over our prefix's keys (exact, ours only); server*: used_memory deltas of the shared Redis (others' traffic included)",
      allDueKeys: allDue.keys,
      allDuePrefixBytes: allDue.bytes,
      allDuePrefixMB: Math.round(allDue.bytes / 1048576),
      perStepPrefixBytes: Math.round(allDue.bytes / Math.max(1, swept.selected)),
      allDueServerDeltaBytes: memAfter - memBefore,
      scheduledNotDueSteps: accounts,
      scheduledNotDueSelectedBySweep: notDue.selected,
      scheduledNotDueKeys: notDueMemory.keys,
      scheduledNotDuePrefixBytes: notDueMemory.bytes,
      scheduledNotDueServerDeltaBytes: memNotDueAfter - memNotDueBefore,
      keysDeleted: deleted,
      afterCleanupServerDeltaMB: Math.round((memCleared - memBefore) / 1048576),
      targetMB: 1536,
      pass: allDue.bytes <= 1.5 * 1024 ** 3,
    };
    log(JSON.stringify({ sweep: result.sweep, redisMemory: result.redisMemory }));
  } finally {
    await t.drop();
  }
}

// ---- 2. gated dispatch with 4 worker processes vs a raw BullMQ no-op worker ---------------------------
const dispatchN = Number(values.dispatch);
const workerCount = Number(values.workers);
if (!values.skip.includes("dispatch")) {
  const t = await createTestDatabase({ max: 4 });
  const letterDir = await mkdtemp(path.join(tmpdir(), "cbbench-letters-"));
  const children = new Children();
  // The provider simulator in its own process (lib/provider-sim.ts): its answers never wait on the bench.
  const simChildren = new Children();
  const sim = await startSimulatorProcess(simChildren, path.join(letterDir, "sim.json"));
  try {
    await seedStrategiesAndTemplates(t.db);
    if (values["auto-explain"]) await autoExplain(t.name, Number(values["auto-explain"]));
    // 14:00 in New York on a weekday: a lawful hour; the workers' clock starts there.
    const clockStart = "2026-03-03T19:00:00.000Z";
    const warm = Number(values.warmup);
    const stepsDue = { dueAt: "2026-03-03T18:59:00.000Z", channel: "sms", template: "us_followup_sms" };
    // The measured steps are cases warm+1 .. warm+N (kind 'bench'); the warm-up's are 1 .. warm.
    await bulkCases(t, warm + dispatchN, { steps: warm === 0, ...stepsDue }, log);

    const loadBefore = loadavg();
    // Baseline: raw BullMQ workers doing nothing, same process count and concurrency.
    const noopQueue = new Queue("noop", { connection: redis, prefix });
    await Promise.all(Array.from({ length: workerCount }, () => children.spawn(["outreach.ts", "--noop-worker", "noop", "--prefix", prefix, "--concurrency", values.concurrency!], here, { REDIS_URL }, "noop ready")));
    const n0 = Date.now();
    for (let i = 0; i < dispatchN; i += 5000) {
      await noopQueue.addBulk(Array.from({ length: Math.min(5000, dispatchN - i) }, (_, j) => ({ name: "noop", data: { i: i + j }, opts: { jobId: `noop:${i + j}:0`, removeOnComplete: { count: 1000 } } })));
    }
    for (;;) {
      const c = await noopQueue.getJobCounts("waiting", "active", "prioritized");
      if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const noopSeconds = (Date.now() - n0) / 1000;
    await children.stopAll();
    await noopQueue.close();

    // Gated dispatch: the real worker (apps/worker), the real gate, the provider simulator as the sink.
    const workerEnv = {
      DATABASE_URL: t.url, DATABASE_POOL_MAX: "8", REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix, NODE_ENV: "test", LOG_LEVEL: "info",
      PROVIDER_URL: sim.url, PROVIDER_API_KEY: SIM_API_KEY, PROVIDER_SIGNING_SECRET: SIM_SECRET, LETTER_DIR: letterDir, SMTP_URL: "smtp://127.0.0.1:2525",
      WORKER_QUEUES: "dispatch-sms", WORKER_DISPATCH_CONCURRENCY: values["gated-concurrency"]!, WORKER_NO_SCHEDULERS: "true",
      CASEBOOK_CLOCK_START: clockStart, CASEBOOK_CLOCK_EPOCH_MS: String(Date.now()), CASEBOOK_CLOCK_RATE: "1",
    };
    const profileDir = values.profile ? path.resolve(values.profile) : undefined;
    await Promise.all(Array.from({ length: workerCount }, (_, i) =>
      children.spawn([...(profileDir && i === 0 ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []), "src/main.ts"], workerDir, workerEnv, "worker started")));
    const producer = createProducer({ env: { REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix } });
    // The bench watches for the end on a connection of its own, left out of PostgreSQL's CPU: its poll (a
    // count over every step, ten times a second) is not dispatch work.
    const watcher = postgres(t.url, { max: 1, onnotice: () => {} });
    const [{ pid: watcherPid } = { pid: 0 }] = await watcher<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const backendPids = async () => (await t.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and pid <> ${watcherPid}`).map((r) => r.pid);
    const workerPids = children.list.map((c) => c.pid);
    const simNow = () => new Date(Date.parse(clockStart) + (Date.now() - Number(workerEnv.CASEBOOK_CLOCK_EPOCH_MS)));
    const batches: JobQueue = {
      dispatchSteps: () => Promise.reject(new Error("the sweep enqueues batches")),
      dispatchBatches: (batch) => enqueueDispatchBatches(producer, batch, Number(values.batch)).then(() => undefined),
      sendPortalCode: () => Promise.reject(new Error("the bench signs nobody in")),
    };
    const sweepAndDrain = async (limit: number) => {
      await sweepDueSteps(benchContext(t.db, simNow(), batches), { limit, batchSize: 5000 });
      for (;;) {
        const [row] = await watcher`select count(*) filter (where state in ('planned', 'deferred', 'claimed'))::int as open from outreach_steps`;
        const c = await producer.queue("dispatch-sms").getJobCounts("waiting", "active");
        if (row!.open === 0 && (c.waiting ?? 0) + (c.active ?? 0) === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    if (warm > 0) {
      // A production ledger is never empty and autovacuum analyzes it as it grows; a run of a minute on a
      // fresh database is shorter than autovacuum's nap, so without this every statement planned at the
      // first batch (the steps' rollup trigger's, the workers' prepared ones) keeps the plan it chose
      // for empty ledger tables (a join to compliance_decisions by sequential scan, once per step) for
      // the whole run, and the run measures that plan's growth with the table. ANALYZE invalidates those
      // plans in every backend (with a ledger of a few thousand rows the planner may still scan it, once
      // a batch by a hash join instead of once a step; a production-sized ledger is read by its keys).
      await insertSteps(t, { from: 1, to: warm, perCase: 1, kind: "bench-warmup", ...stepsDue });
      await sweepAndDrain(warm);
      await insertSteps(t, { from: warm + 1, to: warm + dispatchN, perCase: 1, kind: "bench", ...stepsDue });
      // As the owner: the runtime role may not analyze (PostgreSQL skips the tables with a warning).
      await t.ownerSql`analyze`;
    }
    const cpu0 = { workers: await cpuSecondsOf(workerPids), postgres: await cpuSecondsOf(await backendPids()), sim: await cpuSecondsOf([sim.child.pid]) };
    const g0 = Date.now();
    await sweepAndDrain(dispatchN);
    const gatedSeconds = (Date.now() - g0) / 1000;
    const cpuSeconds = {
      workers: cpuSpent(cpu0.workers, await cpuSecondsOf(workerPids)),
      postgres: cpuSpent(cpu0.postgres, await cpuSecondsOf(await backendPids())),
      providerSim: cpuSpent(cpu0.sim, await cpuSecondsOf([sim.child.pid])),
    };
    await producer.close();
    await watcher.end();
    await children.stopAll();

    const loadAfter = loadavg();
    const [states] = await t.sql`select
        count(*) filter (where state = 'dispatched')::int as dispatched,
        count(*) filter (where state = 'delivered')::int as delivered,
        count(*) filter (where state = 'deferred')::int as deferred,
        count(*) filter (where state = 'blocked')::int as blocked,
        count(*) filter (where state in ('failed', 'reconcile'))::int as failed
      from outreach_steps where kind = 'bench'`;
    // From the ledger (lib/ledger.ts): outside 08:00-21:00 in the person's zone, more than one SMS per
    // person (each has one step), a step or dispatch id claimed twice, a step left open (deferred
    // included: every step is due and lawful here), a sent step without its ledger rows, a sent claim
    // the provider never received.
    const found = await ledgerFindings(t.sql, { now: simNow(), capPerPerson: 1 });
    const received = await sim.stop();
    const provider = await providerFindings(t.sql, received);
    const sent = states!.dispatched + states!.delivered;
    const rate = sent / gatedSeconds;
    const noopRate = dispatchN / noopSeconds;
    const violations = { outsideHours: found.violations.outsideHours, personsContactedTwice: found.violations.overCap };
    const duplicates = { ...found.duplicates, providerRecordsDuplicated: provider.providerRecordsDuplicated, providerReplays: provider.providerReplays };
    const lostSteps = { leftOpen: found.lost.leftOpen + (found.states.deferred ?? 0), failed: found.lost.failed, sentWithoutLedger: found.lost.sentWithoutLedger, claimsNeverSent: provider.claimsNeverSent };
    const clean = allZero(violations, duplicates, lostSteps);
    result.dispatch = {
      workers: workerCount,
      concurrencyPerWorker: { noop: Number(values.concurrency), gated: Number(values["gated-concurrency"]) },
      stepsPerJob: Number(values.batch),
      steps: dispatchN,
      warmupSteps: warm,
      sink: "provider simulator (SMS), in its own process",
      loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: loadAfter.map((x) => Number(x.toFixed(2))) },
      ...states,
      seconds: gatedSeconds,
      dispatchesPerSecond: Math.round(rate),
      noopJobsPerSecond: Math.round(noopRate),
      // CPU of the gated phase (workers, the database's backends serving this database, the simulator),
      // and per step sent: the figure to compare across runs on a shared machine.
      cpuSeconds: Object.fromEntries(Object.entries(cpuSeconds).map(([k, v]) => [k, Number(v.toFixed(2))])),
      cpuMsPerStep: Object.fromEntries(Object.entries(cpuSeconds).map(([k, v]) => [k, Number(((v * 1000) / Math.max(1, sent)).toFixed(3))])),
      ratioToNoop: Number((rate / noopRate).toFixed(3)),
      violations,
      duplicates,
      lostSteps,
      notSent: found.notSent,
      target: { dispatchesPerSecond: 1000, ratioToNoop: 0.2 },
      pass: rate >= 1000 && rate / noopRate >= 0.2 && sent === dispatchN && clean,
    };
    log(JSON.stringify(result.dispatch));
  } finally {
    await children.stopAll();
    await simChildren.stopAll();
    await deleteQueuePrefix(redis, prefix);
    await rm(letterDir, { recursive: true, force: true });
    await t.drop();
  }
}

await redis.quit();
console.log(JSON.stringify(result, null, 2));
process.exit(0);
