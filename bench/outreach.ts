// pnpm --filter @casebook/bench outreach [-- --accounts 1000000 --dispatch 12000 --workers 4 --batch 50 --gated-concurrency 4 --skip sweep --profile DIR]
// Prints one JSON object: the sweep over N accounts with due steps (select + enqueue), Redis memory
// with them scheduled, and gated dispatch through 4 worker processes vs a raw BullMQ no-op worker.
// Uses fresh databases and a unique queue prefix; deletes only its own keys afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { startProviderSimulator } from "@casebook/channels/sinks";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { domainContext, sweepDueSteps, systemActor, type DomainContext } from "@casebook/domain";
import { createProducer, deleteQueuePrefix, enqueueDispatchBatches, producerJobQueue, type JobQueue } from "@casebook/jobs";

/** The bench's domain context: its database, a clock fixed at `now`, and the queue it measures. */
function benchContext(db: TestDatabase["db"], now: Date, enqueue: JobQueue): DomainContext {
  return domainContext({ db, clock: () => now, ids: randomUUID, enqueue }, systemActor("bench"), now);
}

const here = path.dirname(fileURLToPath(import.meta.url));
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
    /** Steps per dispatch job: the sweep's default (packages/jobs enqueueDispatchBatches). */
    batch: { type: "string", default: "100" },
    "noop-worker": { type: "string" },
    /** Child mode: the provider simulator in its own process (its answers never wait on the bench). */
    "provider-sim": { type: "string" },
    /** Writes a V8 CPU profile of the first gated worker into this directory (node --cpu-prof). */
    profile: { type: "string" },
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

// ---- child mode: the provider simulator, in a process of its own ----------------------------------
// In the bench process it shared one event loop with the bench's polling and, on a loaded machine, its
// answers came late enough for the workers' 10 s timeout to call sends unknown (half the steps ended in
// reconcile). On SIGTERM it writes what it received (idempotency keys, replays) to the given file.
if (values["provider-sim"]) {
  const sim = await startProviderSimulator({ port: 0, apiKey: "bench-api-key", signingSecret: "bench-signing-secret-0123", receiptDelayMs: 600_000, historyLimit: 1_000_000 });
  console.log(`sim ready ${sim.url}`);
  process.once("SIGTERM", () => {
    const keys = sim.requests().map((r) => r.idempotencyKey);
    const replays = sim.hits().filter((h) => h.method === "POST" && h.replay).length;
    void writeFile(values["provider-sim"]!, JSON.stringify({ keys, replays, hits: sim.hits().length })).then(() => sim.close()).then(() => process.exit(0));
  });
  await new Promise(() => {});
}

const log = (m: string) => console.error(`[outreach-bench] ${m}`);
const prefix = `cbbench-${randomBytes(4).toString("hex")}`;
const redis = new Redis(REDIS_URL);
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))![1]);
/** CPU seconds (user + system) a process has used so far, from /proc (Linux; USER_HZ is 100): the
 *  gate's cost per step in CPU, which unlike steps/s does not depend on what else the machine runs. */
async function cpuSecondsOf(pids: ReadonlyArray<number | undefined>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    if (pid === undefined) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // Gone (or not Linux): counted as nothing.
    }
  }
  return out;
}
const cpuSpent = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((t, [pid, s]) => t + s - (before.get(pid) ?? 0), 0);

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

/** Persons, cases, accounts (and optionally steps) with generate_series: set-based, no client round trips. */
async function bulkCases(t: TestDatabase, n: number, options: { steps: boolean; dueAt: string; channel: string; template: string }) {
  // As the database owner (as the seed runs): the runtime role may not create the helper function.
  const sql = t.ownerSql;
  // Deterministic ids that are valid v4 UUIDs (the verbs' zod schemas check the version nibble).
  await sql`create or replace function bench_uuid(text) returns uuid language sql immutable as
    $$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`;
  const [client] = await sql`insert into clients (code, name, country, currency, rule_set, agency_name, policy)
    values ('BENCH', 'Bench Bank', 'US', 'USD', 'US-FDCPA', 'Bench Recovery', ${JSON.stringify({ settlementFloorBps: 6000, planMaxInstallments: 12, planMaxMonths: 12, planMinInstallmentMinor: 2500, promiseMaxDays: 30, commissionBps: 2500, callbackNumbers: { default: "+18005550100" } })}::jsonb) returning id`;
  const [team] = await sql`insert into teams (name) values ('Bench team') returning id`;
  const [placement] = await sql`insert into placements (client_id, reference, source, received_at, account_count, placed_total_minor, currency)
    values (${client!.id}, 'PL-BENCH', 'seed', now(), ${n}, ${n * 100000}, 'USD') returning id`;
  const chunk = 250_000;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await sql`insert into persons (id, full_name, given_name, country, region, postal_code, time_zones)
      select bench_uuid('p' || i), 'Bench Person ' || i, 'Bench', 'US', 'NY', '11215', '{America/New_York}' from generate_series(${from}::int, ${to}::int) i`;
    await sql`insert into contact_points (person_id, kind, phone_type, value, is_primary, source, consent_call, consent_sms)
      select bench_uuid('p' || i), 'phone', 'mobile', '+1718' || lpad((2000000 + i)::text, 7, '0'), true, 'client', true, true from generate_series(${from}::int, ${to}::int) i`;
    await sql`insert into cases (id, client_id, person_id, team_id)
      select bench_uuid('c' || i), ${client!.id}, bench_uuid('p' || i), ${team!.id} from generate_series(${from}::int, ${to}::int) i`;
    await sql`insert into accounts (id, client_id, placement_id, case_id, person_id, original_creditor, client_reference, product, currency, principal_minor, placed_balance_minor, balance_minor, due_date, jurisdiction)
      select bench_uuid('a' || i), ${client!.id}, ${placement!.id}, bench_uuid('c' || i), bench_uuid('p' || i), 'Bench Bank', 'ACC-' || i, 'credit_card', 'USD', 100000, 100000, 100000, current_date - 20, 'US-NY'
        from generate_series(${from}::int, ${to}::int) i`;
    if (options.steps) {
      await sql`insert into outreach_steps (case_id, person_id, party_person_id, account_ids, kind, channel, template_code, purpose, due_at, occurrence)
        select bench_uuid('c' || i), bench_uuid('p' || i), bench_uuid('p' || i), array[bench_uuid('a' || i)], 'bench', ${options.channel}::channel, ${options.template}, 'collection', ${options.dueAt}::timestamptz, i
          from generate_series(${from}::int, ${to}::int) i`;
    }
    log(`  rows ${to}/${n}`);
  }
  await sql`analyze`;
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
    await bulkCases(t, accounts, { steps: true, dueAt: new Date(now.getTime() - 60_000).toISOString(), channel: "sms", template: "us_followup_sms" });
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
  const API_KEY = "bench-api-key";
  const SECRET = "bench-signing-secret-0123";
  const children: ChildProcess[] = [];
  // `node --cpu-prof --cpu-prof-dir D --import tsx outreach.ts ...` profiles every child as well (spawn
  // does not pass the parent's flags on by itself).
  const profileArgs = process.execArgv.filter((a, i, all) => a.startsWith("--cpu-prof") || all[i - 1] === "--cpu-prof-dir");
  const spawnChild = (args: string[], cwd: string, env: Record<string, string>, readyText: string, list = children) =>
    new Promise<{ child: ChildProcess; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [...profileArgs, "--import", "tsx", ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      list.push(child);
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
        if (process.env.BENCH_VERBOSE && /job failed|dispatch batch|handed/.test(b.toString())) process.stderr.write(b.toString().slice(0, 600));
      });
      child.once("exit", (code) => reject(new Error(`child exited ${code}: ${out.slice(-2000)}`)));
    });
  const stopChildren = async (list = children) => {
    await Promise.all(list.map((c) => new Promise<void>((r) => {
      if (c.exitCode !== null || c.signalCode !== null) return r();
      c.once("exit", () => r());
      c.kill("SIGTERM");
      setTimeout(() => c.kill("SIGKILL"), 15_000);
    })));
    list.length = 0;
  };
  // The provider simulator in its own process (see the child mode above).
  const simProcs: ChildProcess[] = [];
  const simFile = path.join(letterDir, "sim.json");
  const simUrl = /sim ready (\S+)/.exec((await spawnChild(["outreach.ts", "--provider-sim", simFile], here, {}, "sim ready", simProcs)).out)![1]!;
  try {
    await seedStrategiesAndTemplates(t.db);
    // 14:00 in New York on a weekday: a lawful hour; the workers' clock starts there.
    const clockStart = "2026-03-03T19:00:00.000Z";
    await bulkCases(t, dispatchN, { steps: true, dueAt: "2026-03-03T18:59:00.000Z", channel: "sms", template: "us_followup_sms" });

    const loadBefore = loadavg();
    // Baseline: raw BullMQ workers doing nothing, same process count and concurrency.
    const noopQueue = new Queue("noop", { connection: redis, prefix });
    await Promise.all(Array.from({ length: workerCount }, () => spawnChild(["outreach.ts", "--noop-worker", "noop", "--prefix", prefix, "--concurrency", values.concurrency!], here, { REDIS_URL }, "noop ready")));
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
    await stopChildren();
    await noopQueue.close();

    // Gated dispatch: the real worker (apps/worker), the real gate, the provider simulator as the sink.
    const workerEnv = {
      DATABASE_URL: t.url, DATABASE_POOL_MAX: "8", REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix, NODE_ENV: "test", LOG_LEVEL: "info",
      PROVIDER_URL: simUrl, PROVIDER_API_KEY: API_KEY, PROVIDER_SIGNING_SECRET: SECRET, LETTER_DIR: letterDir, SMTP_URL: "smtp://127.0.0.1:2525",
      WORKER_QUEUES: "dispatch-sms", WORKER_DISPATCH_CONCURRENCY: values["gated-concurrency"]!, WORKER_NO_SCHEDULERS: "true",
      CASEBOOK_CLOCK_START: clockStart, CASEBOOK_CLOCK_EPOCH_MS: String(Date.now()), CASEBOOK_CLOCK_RATE: "1",
    };
    const profileDir = values.profile ? path.resolve(values.profile) : undefined;
    await Promise.all(Array.from({ length: workerCount }, (_, i) =>
      spawnChild([...(profileDir && i === 0 ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []), "src/main.ts"], path.join(here, "../apps/worker"), workerEnv, "worker started")));
    const producer = createProducer({ env: { REDIS_URL, CASEBOOK_QUEUE_PREFIX: prefix } });
    const backendPids = async () => (await t.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => r.pid);
    const workerPids = children.map((c) => c.pid);
    const cpu0 = { workers: await cpuSecondsOf(workerPids), postgres: await cpuSecondsOf(await backendPids()), sim: await cpuSecondsOf(simProcs.map((c) => c.pid)) };
    const g0 = Date.now();
    const simNow = () => new Date(Date.parse(clockStart) + (Date.now() - Number(workerEnv.CASEBOOK_CLOCK_EPOCH_MS)));
    const batches: JobQueue = {
      dispatchSteps: () => Promise.reject(new Error("the sweep enqueues batches")),
      dispatchBatches: (batch) => enqueueDispatchBatches(producer, batch, Number(values.batch)).then(() => undefined),
      sendPortalCode: () => Promise.reject(new Error("the bench signs nobody in")),
    };
    await sweepDueSteps(benchContext(t.db, simNow(), batches), { limit: dispatchN, batchSize: 5000 });
    for (;;) {
      const [row] = await t.sql`select count(*) filter (where state in ('planned', 'deferred', 'claimed'))::int as open from outreach_steps`;
      const c = await producer.queue("dispatch-sms").getJobCounts("waiting", "active");
      if (row!.open === 0 && (c.waiting ?? 0) + (c.active ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const gatedSeconds = (Date.now() - g0) / 1000;
    const cpuSeconds = {
      workers: cpuSpent(cpu0.workers, await cpuSecondsOf(workerPids)),
      postgres: cpuSpent(cpu0.postgres, await cpuSecondsOf(await backendPids())),
      providerSim: cpuSpent(cpu0.sim, await cpuSecondsOf(simProcs.map((c) => c.pid))),
    };
    await producer.close();
    await stopChildren();

    const loadAfter = loadavg();
    const [states] = await t.sql`select
        count(*) filter (where state = 'dispatched')::int as dispatched,
        count(*) filter (where state = 'delivered')::int as delivered,
        count(*) filter (where state = 'deferred')::int as deferred,
        count(*) filter (where state = 'blocked')::int as blocked,
        count(*) filter (where state in ('failed', 'reconcile'))::int as failed
      from outreach_steps`;
    // Violations, from the ledger: outside 08:00-21:00 in the person's zone, more than one attempt per
    // step or per dispatch id, more than one SMS per person (each has one step).
    const [v] = await t.sql`select
        (select count(*) from contact_attempts a where extract(hour from a.started_at at time zone 'America/New_York') not between 8 and 20)::int as outside_hours,
        (select count(*) from (select outreach_step_id from contact_attempts group by 1 having count(*) > 1) d)::int as steps_claimed_twice,
        (select count(*) from (select dispatch_id from contact_attempts group by 1 having count(*) > 1) d)::int as dispatch_ids_twice,
        (select count(*) from (select person_id from contact_attempts group by 1 having count(*) > 1) d)::int as persons_twice,
        (select count(*) from contact_attempts)::int as attempts`;
    // Lost steps, from the ledger: a step left open or claimed, a sent step without its claim and its
    // "sent" fact, a claim the provider never received.
    const [lost] = await t.sql`select
        (select count(*) from outreach_steps where state in ('planned', 'deferred', 'claimed', 'reconcile'))::int as left_open,
        (select count(*) from outreach_steps st where st.state in ('dispatched', 'delivered') and not exists (
           select 1 from contact_attempts a join contact_outcomes o on o.attempt_id = a.id
            where a.outreach_step_id = st.id and a.dispatch_id = st.dispatch_id and o.outcome in ('sent', 'delivered')))::int as sent_without_ledger`;
    const reasons = await t.sql`select state, reason, count(*)::int as n from outreach_steps where state not in ('dispatched', 'delivered') group by 1, 2 order by 3 desc limit 10`;
    await stopChildren(simProcs);
    const simResult = JSON.parse(await readFile(simFile, "utf8")) as { keys: string[]; replays: number };
    const keys = simResult.keys;
    const keySet = new Set(keys);
    const ledgerKeys = await t.sql<{ dispatch_id: string }[]>`select dispatch_id from contact_attempts`;
    const claimsNeverSent = ledgerKeys.filter((r) => !keySet.has(r.dispatch_id)).length;
    const replays = simResult.replays;
    const sent = states!.dispatched + states!.delivered;
    const rate = sent / gatedSeconds;
    const noopRate = dispatchN / noopSeconds;
    const violations = { outsideHours: v!.outside_hours, personsContactedTwice: v!.persons_twice };
    const duplicates = { stepsClaimedTwice: v!.steps_claimed_twice, dispatchIdsTwice: v!.dispatch_ids_twice, providerRecordsDuplicated: keys.length - keySet.size, providerReplays: replays };
    const lostSteps = { leftOpen: lost!.left_open, sentWithoutLedger: lost!.sent_without_ledger, claimsNeverSent };
    const clean = [...Object.values(violations), ...Object.values(duplicates), ...Object.values(lostSteps)].every((n) => n === 0);
    result.dispatch = {
      workers: workerCount,
      concurrencyPerWorker: { noop: Number(values.concurrency), gated: Number(values["gated-concurrency"]) },
      stepsPerJob: Number(values.batch),
      steps: dispatchN,
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
      notSent: reasons.map((r) => ({ state: r.state, reason: r.reason, n: r.n })),
      target: { dispatchesPerSecond: 1000, ratioToNoop: 0.2 },
      pass: rate >= 1000 && rate / noopRate >= 0.2 && sent === dispatchN && clean,
    };
    log(JSON.stringify(result.dispatch));
  } finally {
    await stopChildren();
    await stopChildren(simProcs);
    await deleteQueuePrefix(redis, prefix);
    await rm(letterDir, { recursive: true, force: true });
    await t.drop();
  }
}

await redis.quit();
console.log(JSON.stringify(result, null, 2));
process.exit(0);
