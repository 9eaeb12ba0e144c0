// nice -n 10 pnpm --filter @casebook/bench soak [-- --minutes 30 --rate 300 --workers 4]
// Prints one JSON object: gated dispatch held at --rate steps a second for --minutes through real
// worker processes (apps/worker; their own scheduled sweep every second, the rollup fold) while a
// supervisor's dashboards are polled, and what it did over time: sent per minute and its drop (first
// vs last ten minutes, or thirds of a shorter run; target <= 25%), the workers' RSS (growth after
// warm-up; target <= 10%), due -> sent p50/p99 (target p99 < 5 s), and the ledger checks (no
// duplicate, no lost step, no calling hour broken). A fresh database and a unique queue prefix on the
// shared servers (nothing restarted; the prefix's keys deleted afterwards). Never part of `pnpm test`.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase, makeUser } from "@casebook/db/testing";
import { getOutreachFunnel, getPortfolio, getTeamActivity, listDispatchLog, listTeamLive, type Actor } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";
import { deleteQueuePrefix } from "@casebook/jobs";
import { BenchClock, Feeder, fleetEnv, Sampler, WorkerFleet } from "./lib/fleet";
import { allZero, bulkCases, ledgerFindings, providerFindings } from "./lib/ledger";
import { Children, cpuSecondsOf, cpuSpent, rssMbOf, sleep } from "./lib/processes";
import { figures, traceStages } from "./lib/trace";
import { SIM_API_KEY, SIM_SECRET, startSimulatorProcess, type SimulatorProcess } from "./lib/provider-sim";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    minutes: { type: "string", default: "30" },
    /** Steps made due a second (one a debtor, all lawful: each one is a gated dispatch to make). */
    rate: { type: "string", default: "300" },
    workers: { type: "string", default: "4" },
    "gated-concurrency": { type: "string", default: "4" },
    /** RSS growth is measured from the end of the warm-up (default: 5 minutes, a sixth of shorter runs). */
    "warmup-minutes": { type: "string" },
    /** Every this many seconds, the supervisor's dashboards (five domain verbs) are read once each. */
    "dashboard-every": { type: "string", default: "5" },
    "drain-timeout": { type: "string", default: "180" },
    /** Steps are written this long before they are due (each at its own instant), as the planner does. */
    "lead-seconds": { type: "string", default: "5" },
    /** Every this many seconds the run's tables are analyzed (0: never), as autovacuum would (below). */
    "analyze-every": { type: "string", default: "60" },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const workerCount = Number(values.workers);
const warmupMinutes = Number(values["warmup-minutes"] ?? Math.min(5, Math.max(0.5, minutes / 6)));
// The drop compares the first and last ten minutes; a shorter run its first and last thirds, in whole
// minutes (the sends are counted per minute: a window of 0.7 minutes in a 2-minute run held no minute
// at its end, and the drop read 100%).
const windowMinutes = Math.max(1, Math.min(10, Math.floor(minutes / 3)));
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const log = (m: string) => console.error(`[soak-bench] ${new Date().toISOString().slice(11, 19)} ${m}`);
const load = () => loadavg().map((x) => Number(x.toFixed(2)));
const round = (n: number, d = 1) => Number(n.toFixed(d));
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

const result: Record<string, unknown> = { at: new Date().toISOString(), minutes, rateFed: rate, workers: workerCount, warmupMinutes, windowMinutes, analyzeEverySeconds: Number(values["analyze-every"]), loadAverage: { before: load() } };
const children = new Children();
const t = await createTestDatabase({ max: 6 });
const redis = new Redis(REDIS_URL);
const prefix = `cbsoak-${randomBytes(4).toString("hex")}`;
const letterDir = await mkdtemp(path.join(tmpdir(), "cbbench-soak-"));
let sim: SimulatorProcess | undefined;
try {
  await seedStrategiesAndTemplates(t.db);
  const totalCases = Math.ceil(rate * minutes * 60 * 1.02) + rate * 10;
  log(`inserting ${totalCases} cases`);
  const { teamId } = await bulkCases(t, totalCases, { steps: false, channel: "sms", template: "us_followup_sms", region: "NY" }, log);
  const supervisor = await makeUser(t.db, { role: "supervisor", teamId, email: "soak-supervisor@casebook.test" });
  const actor: Actor = { kind: "user", userId: supervisor.id, role: "supervisor", teamId, label: supervisor.email };
  sim = await startSimulatorProcess(children, path.join(letterDir, "sim.json"));
  // 09:00 in New York on a weekday: 30 minutes (and the drain) stay within calling hours.
  const clock = new BenchClock(Date.parse("2026-03-03T14:00:00.000Z"));
  const env = {
    ...fleetEnv({ databaseUrl: t.url, redisUrl: REDIS_URL, prefix, simUrl: sim.url, apiKey: SIM_API_KEY, secret: SIM_SECRET, letterDir, queues: "dispatch-sms,outreach-sweep,maintenance", dispatchConcurrency: Number(values["gated-concurrency"]) }),
    // Production's leases, locks and retries (a soak is not a fault run); the sweep every second.
    SWEEP_LEASE_SECONDS: "900", RECONCILE_STALE_CLAIM_SECONDS: "300", RECONCILE_EVERY_MS: "60000", WORKER_LOCK_MS: "30000", WORKER_REDIS_WATCH_MS: "15000",
    DISPATCH_RETRY_BASE_MS: "30000", DISPATCH_RETRY_MAX_DELAY_MS: "900000", DISPATCH_RETRY_GIVE_UP_AFTER_MS: "10800000", PROVIDER_TIMEOUT_MS: "10000",
    LOG_LEVEL: "info",
  };
  result.workerEnv = Object.fromEntries(Object.entries(env).filter(([k]) => /^(SWEEP|RECONCILE|WORKER_|DISPATCH_|DATABASE_POOL)/.test(k)));
  const fleet = new WorkerFleet(children, workerCount, () => ({ ...env, ...clock.env() }));
  await fleet.start();
  log(`${workerCount} workers started; feeding ${rate} steps/s for ${minutes} min`);

  const feeder = new Feeder(t, clock, 1, totalCases, { rate, perCase: 1, kind: "soak", template: "us_followup_sms", leadMs: Number(values["lead-seconds"]) * 1000 });
  const sampler = new Sampler(t, clock, "soak", 5000, true);
  const rss: Array<{ t: number; mb: number[] }> = [];
  const dashboards: Record<string, number[]> = {};
  let dashboardErrors = 0;
  const t0 = Date.now();
  const since = () => (Date.now() - t0) / 1000;
  // CPU over the feed (from /proc): the workers, every backend of the bench database (the workers' and
  // the bench's own: feeder, sampler, dashboards), the simulator, and this process (feeder, sampler,
  // dashboards' client side): what the bench spends on itself next to what it measures.
  const backendPids = async () => (await t.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => r.pid);
  const cpuNow = async () => ({ workers: await cpuSecondsOf(fleet.pids()), postgres: await cpuSecondsOf(await backendPids()), sim: await cpuSecondsOf([sim!.child.pid]), bench: process.cpuUsage() });
  const cpu0 = await cpuNow();
  sampler.start();
  feeder.start();
  const rssTimer = setInterval(() => {
    void Promise.all(fleet.slots.map((c) => rssMbOf(c?.pid))).then((mb) => rss.push({ t: since(), mb: mb.map((m) => round(m ?? 0)) }));
  }, 10_000);
  const pages: Record<string, () => Promise<unknown>> = {
    portfolio: () => getPortfolio(testContext(t.db, actor, clock.now()), {}),
    outreachFunnel: () => getOutreachFunnel(testContext(t.db, actor, clock.now()), {}),
    dispatchLog: () => listDispatchLog(testContext(t.db, actor, clock.now()), {}),
    teamLive: () => listTeamLive(testContext(t.db, actor, clock.now())),
    teamActivity: () => getTeamActivity(testContext(t.db, actor, clock.now()), {}),
  };
  let polling = true;
  const poller = (async () => {
    while (polling) {
      for (const [name, call] of Object.entries(pages)) {
        const s0 = performance.now();
        try {
          await call();
          (dashboards[name] ??= []).push(performance.now() - s0);
        } catch (err) {
          if (dashboardErrors++ < 3) log(`dashboard ${name} failed: ${String(err).slice(0, 300)}`);
        }
      }
      await sleep(Number(values["dashboard-every"]) * 1000);
    }
  })();
  // Autovacuum's stand-in. A production server analyzes a table as it grows (autovacuum's
  // autoanalyze), and each ANALYZE invalidates the plans cached on it, the rollup trigger's among them.
  // This machine's server runs with autovacuum off, and the soak starts from an empty ledger: without
  // this, every worker connection kept the trigger's plan made on an empty compliance_decisions (a
  // sequential scan per statement) for the whole run, and gated dispatch fell from the fed 220/s to
  // about 180/s within ten minutes as the ledger grew (2026-12-02: 40 scans a second of 100,000 rows).
  // As the owner: the runtime role may not analyze (PostgreSQL skips each table with a warning only).
  const analyzeEvery = Number(values["analyze-every"]);
  let analyzing = analyzeEvery > 0;
  const analyzer = (async () => {
    while (analyzing) {
      await sleep(analyzeEvery * 1000);
      if (analyzing) await t.ownerSql`analyze`.catch((err: unknown) => log(`analyze failed: ${String(err).slice(0, 200)}`));
    }
  })();
  let lastLog = 0;
  while (since() < minutes * 60) {
    await sleep(1000);
    if (since() - lastLog >= 60) {
      lastLog = since();
      const s = sampler.samples.at(-1);
      log(`  ${round(since() / 60)} min: backlog ${s?.backlog}, rss ${JSON.stringify(rss.at(-1)?.mb)}, load ${load().join(" ")}`);
    }
  }
  await feeder.stop();
  const fedSeconds = since();
  const cpu1 = await cpuNow();
  const benchCpu = process.cpuUsage(cpu0.bench);
  const loadAtEnd = load();
  polling = false;
  analyzing = false;
  void analyzer;
  await poller;
  clearInterval(rssTimer);
  // Drain: every step fed is finished (its backlog empty), within the timeout.
  const deadline = Date.now() + Number(values["drain-timeout"]) * 1000;
  let drained = false;
  while (Date.now() < deadline) {
    const last = sampler.samples.at(-1);
    if (last && since() - last.t < 7 && last.backlog === 0) {
      drained = true;
      break;
    }
    await sleep(1000);
  }
  const drainSeconds = since() - fedSeconds;
  sampler.stop();
  await children.stopAll();
  const received = await sim.stop();
  sim = undefined;

  // Sent per minute of the feed and due -> sent, from the ledger: the step's dispatched_at (the
  // workers' clock) against its due_at (the bench's, the same clock).
  const feedStart = new Date(clock.now().getTime() - (Date.now() - t0));
  const perMinute = await t.sql<{ minute: number; sent: number; p50: number; p99: number }[]>`
    select floor(extract(epoch from dispatched_at - ${feedStart.toISOString()}::timestamptz) / 60)::int as minute, count(*)::int as sent,
           percentile_cont(0.5) within group (order by extract(epoch from dispatched_at - due_at))::float8 as p50,
           percentile_cont(0.99) within group (order by extract(epoch from dispatched_at - due_at))::float8 as p99
      from outreach_steps where kind = 'soak' and dispatched_at is not null group by 1 order by 1`;
  const [lat] = await t.sql<{ p50: number; p95: number; p99: number; max: number; n: number }[]>`
    select percentile_cont(0.5) within group (order by s)::float8 as p50, percentile_cont(0.95) within group (order by s)::float8 as p95,
           percentile_cont(0.99) within group (order by s)::float8 as p99, max(s)::float8 as max, count(*)::int as n
      from (select extract(epoch from dispatched_at - due_at) as s from outreach_steps where kind = 'soak' and dispatched_at is not null) d`;
  // Due -> sent as the issue means it: until the provider received the message (the simulator's record
  // of its dispatch id). The ledger's dispatched_at is the batch job's start, before its gate and send.
  const receivedAt = new Map<string, number>();
  received.keys.forEach((key, i) => {
    if (!receivedAt.has(key)) receivedAt.set(key, received.at[i]!);
  });
  const dueOf = await t.sql<{ dispatch_id: string; due_ms: number }[]>`select dispatch_id, extract(epoch from due_at) * 1000 as due_ms from outreach_steps
    where kind = 'soak' and dispatched_at is not null and dispatch_id is not null`;
  const toProvider = dueOf.flatMap((r) => {
    const at = receivedAt.get(r.dispatch_id);
    return at === undefined ? [] : [(clock.ofWall(at) - Number(r.due_ms)) / 1000];
  });
  const sentLat = figures(toProvider);
  result.stages = await traceStages({ redis, prefix, sql: t.sql, kind: "soak", received: receivedAt, wallToBench: (ms) => clock.ofWall(ms) });
  const found = await ledgerFindings(t.sql, { kind: "soak", now: clock.now(), capPerPerson: 1 });
  const provider = await providerFindings(t.sql, received, "soak");

  const fullMinutes = Math.floor(fedSeconds / 60);
  const feedMinutes = perMinute.filter((m) => m.minute >= 0 && m.minute < fullMinutes);
  const meanOf = (rows: typeof feedMinutes) => (rows.length ? rows.reduce((s, m) => s + m.sent, 0) / rows.length / 60 : 0);
  const first = meanOf(feedMinutes.filter((m) => m.minute < windowMinutes));
  const last = meanOf(feedMinutes.filter((m) => m.minute >= fullMinutes - windowMinutes));
  const drop = first > 0 ? (first - last) / first : 0;
  // RSS: the mean of each worker's samples in the minute after warm-up against its last minute's.
  const meanRss = (from: number, to: number) => {
    const inside = rss.filter((r) => r.t >= from && r.t < to);
    return Array.from({ length: workerCount }, (_, i) => (inside.length ? inside.reduce((s, r) => s + (r.mb[i] ?? 0), 0) / inside.length : 0));
  };
  const warmRss = meanRss(warmupMinutes * 60, warmupMinutes * 60 + 60);
  const endRss = meanRss(fedSeconds - 60, fedSeconds + 1);
  const growth = warmRss.map((w, i) => (w > 0 ? (endRss[i]! - w) / w : 0));
  const dashboardTimings = Object.fromEntries(Object.entries(dashboards).map(([name, ms]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return [name, { calls: ms.length, p50Ms: round(pct(sorted, 50)), p95Ms: round(pct(sorted, 95)), maxMs: round(sorted.at(-1) ?? 0) }];
  }));
  const sentTotal = (found.states.dispatched ?? 0) + (found.states.delivered ?? 0);
  const meanSent = meanOf(feedMinutes);
  result.throughput = {
    fedSteps: found.steps,
    sentSteps: sentTotal,
    sentPerSecondMean: round(meanSent),
    keptUp: meanSent >= 0.95 * rate,
    perMinute: feedMinutes.map((m) => ({ minute: m.minute, sentPerSecond: round(m.sent / 60), p50DueToSentSeconds: round(m.p50, 2), p99DueToSentSeconds: round(m.p99, 2) })),
    firstWindowPerSecond: round(first),
    lastWindowPerSecond: round(last),
    drop: round(drop, 3),
    targetDrop: 0.25,
  };
  result.workerRssMb = {
    afterWarmup: warmRss.map((m) => round(m)),
    end: endRss.map((m) => round(m)),
    growth: growth.map((g) => round(g, 3)),
    maxGrowth: round(Math.max(...growth), 3),
    targetGrowth: 0.1,
    samples: rss.length,
    everyMinute: rss.filter((_, i) => i % 6 === 0).map((r) => ({ minute: round(r.t / 60), mb: r.mb })),
  };
  result.dueToSentSeconds = { ...sentLat, steps: toProvider.length, targetP99: 5, until: "the provider received it" };
  result.dueToDispatchedAtSeconds = { p50: round(lat!.p50, 3), p95: round(lat!.p95, 3), p99: round(lat!.p99, 3), max: round(lat!.max, 3), steps: lat!.n };
  const fedTotal = found.steps || 1;
  const cpu = { workers: cpuSpent(cpu0.workers, cpu1.workers), postgres: cpuSpent(cpu0.postgres, cpu1.postgres), providerSim: cpuSpent(cpu0.sim, cpu1.sim), bench: (benchCpu.user + benchCpu.system) / 1e6 };
  result.cpuSeconds = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v, 2)]));
  result.cpuMsPerStep = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round((v * 1000) / fedTotal, 3)]));
  result.dashboards = { everySeconds: Number(values["dashboard-every"]), errors: dashboardErrors, timings: dashboardTimings };
  result.drain = { drained, seconds: round(drainSeconds), feedErrors: feeder.errors };
  result.ledger = { states: found.states, notSent: found.notSent, violations: found.violations, duplicates: found.duplicates, lost: found.lost, provider: { recordsDuplicated: provider.providerRecordsDuplicated, sentStepsNeverReceived: provider.claimsNeverSent, replays: provider.providerReplays } };
  const clean = allZero(found.violations, found.duplicates, found.lost, { d: provider.providerRecordsDuplicated, n: provider.claimsNeverSent });
  (result.loadAverage as Record<string, unknown>).atEndOfFeed = loadAtEnd;
  result.pass = {
    throughputDrop: drop <= 0.25,
    keptUpWithRate: meanSent >= 0.95 * rate,
    rssGrowth: Math.max(...growth) <= 0.1,
    p99DueToSent: sentLat.p99 < 5,
    ledgerClean: clean && drained,
    all: drop <= 0.25 && meanSent >= 0.95 * rate && Math.max(...growth) <= 0.1 && sentLat.p99 < 5 && clean && drained,
  };
} finally {
  await children.stopAll().catch(() => undefined);
  await sim?.stop().catch(() => undefined);
  (result.loadAverage as Record<string, unknown>).after = load();
  await deleteQueuePrefix(redis, prefix).catch(() => undefined);
  await redis.quit();
  await t.drop().catch((e: unknown) => log(`drop failed: ${String(e)}`));
  await rm(letterDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
process.exit(0);
