// pnpm --filter @casebook/bench faults [-- --scale small --workers 3 --rate 60 --outage-seconds 60 --phases kill9,redis,postgres,provider-5xx,provider-timeout,clock]
// Prints one JSON object: a gated dispatch run through real worker processes (apps/worker) while
// faults are injected one phase at a time, and for each phase what the ledger says afterwards (no
// duplicate send, no lost step, no cap or calling-hour violated) and how long it took to recover.
// Everything it breaks is its own: a private PostgreSQL cluster (initdb in a temporary folder), a
// private redis-server, the provider simulator in a child process. The shared servers are never
// restarted, and nothing is written to them.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase } from "@casebook/db/testing";
import { BenchClock, Feeder, fleetEnv, Sampler, WorkerFleet } from "./lib/fleet";
import { allZero, bulkCases, insertSteps, ledgerFindings, providerFindings, type LedgerFindings } from "./lib/ledger";
import { Children, sleep, startPrivatePostgres, startPrivateRedis } from "./lib/processes";
import { SIM_API_KEY, SIM_SECRET, startSimulatorProcess, type SimulatorProcess } from "./lib/provider-sim";

const PHASES = ["kill9", "redis", "postgres", "provider-5xx", "provider-timeout", "clock"] as const;
type Phase = (typeof PHASES)[number];
const SCALES = { small: { workers: 3, rate: 60 }, medium: { workers: 4, rate: 200 } } as const;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    scale: { type: "string", default: "small" },
    workers: { type: "string" },
    /** Steps made due a second (3 a case: the Massachusetts cap lets 2 go, the third waits a week). */
    rate: { type: "string" },
    /** How long the provider answers 5xx (and, in its own phase, not at all). */
    "outage-seconds": { type: "string", default: "60" },
    /** Steady feeding before each fault, and after it. */
    "warm-seconds": { type: "string", default: "15" },
    "after-seconds": { type: "string", default: "20" },
    /** The most a phase waits for its steps to finish after feeding stops. */
    "drain-timeout": { type: "string", default: "240" },
    "kills": { type: "string", default: "3" },
    phases: { type: "string", default: PHASES.join(",") },
    "gated-concurrency": { type: "string", default: "4" },
    "clock-rolling": { type: "boolean", default: false },
  },
});
const scale = SCALES[values.scale as keyof typeof SCALES];
if (!scale) throw new Error(`--scale: one of ${Object.keys(SCALES).join(", ")}`);
const workerCount = Number(values.workers ?? scale.workers);
const rate = Number(values.rate ?? scale.rate);
const outageSeconds = Number(values["outage-seconds"]);
const warmSeconds = Number(values["warm-seconds"]);
const afterSeconds = Number(values["after-seconds"]);
const drainTimeout = Number(values["drain-timeout"]);
const phases = values.phases.split(",").map((p) => p.trim()) as Phase[];
for (const p of phases) if (!PHASES.includes(p)) throw new Error(`--phases: unknown phase ${p} (${PHASES.join(", ")})`);
const PER_CASE = 3;
const CAP = 2; // US-MA-FREQ: 2 texts a debt in 7 days
const log = (m: string) => console.error(`[faults-bench] ${new Date().toISOString().slice(11, 19)} ${m}`);
const load = () => loadavg().map((x) => Number(x.toFixed(2)));
const round = (n: number | undefined, d = 1) => (n === undefined ? null : Number(n.toFixed(d)));

/** Seconds each fault lasts (besides the outage): the feed goes on through it. */
const faultSeconds = (p: Phase) => (p === "provider-5xx" || p === "provider-timeout" ? outageSeconds : p === "kill9" ? 20 : 10);
/** Cases enough for the phase's feed, with room for a fault that outlasts its plan (a worker restart
 *  can take minutes on a busy machine). */
const phaseCases = (p: Phase) => Math.ceil(((warmSeconds + faultSeconds(p) + afterSeconds + (p === "kill9" || p === "clock" ? 300 : 60)) * rate) / PER_CASE);

const result: Record<string, unknown> = { at: new Date().toISOString(), scale: values.scale, workers: workerCount, stepsPerSecondFed: rate, stepsPerCase: PER_CASE, capPerPerson: CAP, outageSeconds, loadAverage: { before: load() } };
const children = new Children();
const pg = await startPrivatePostgres();
const redis = await startPrivateRedis();
log(`private PostgreSQL on ${pg.port}, private redis-server on ${redis.port}`);
const t = await createTestDatabase({ serverUrl: pg.adminUrl, max: 4 });
const letterDir = await mkdtemp(path.join(tmpdir(), "cbbench-faults-"));
let sim: SimulatorProcess | undefined;
try {
  await seedStrategiesAndTemplates(t.db);
  const totalCases = phases.reduce((n, p) => n + phaseCases(p) + (p === "clock" ? Math.ceil((10 * rate) / PER_CASE) : 0), Math.ceil((warmSeconds * rate) / PER_CASE));
  log(`inserting ${totalCases} Massachusetts cases`);
  await bulkCases(t, totalCases, { steps: false, channel: "sms", template: "us_followup_sms", region: "MA" }, log);
  sim = await startSimulatorProcess(children, path.join(letterDir, "sim.json"));
  // 10:00 in New York on a weekday: the run (and the clock phase's jump) stays within calling hours.
  const clock = new BenchClock(Date.parse("2026-03-03T15:00:00.000Z"));
  const baseEnv = fleetEnv({
    databaseUrl: t.url, redisUrl: redis.url, prefix: `cbfaults-${randomBytes(4).toString("hex")}`, simUrl: sim.url, apiKey: SIM_API_KEY, secret: SIM_SECRET,
    letterDir, queues: "dispatch-sms,outreach-sweep", dispatchConcurrency: Number(values["gated-concurrency"]),
  });
  const fleet = new WorkerFleet(children, workerCount, () => ({ ...baseEnv, ...clock.env() }));
  await fleet.start();
  log(`${workerCount} workers started`);

  const faults: Record<Phase, () => Promise<Record<string, unknown>>> = {
    async kill9() {
      // kill -9 of a random worker at random moments of the fault window, each restarted a second
      // later; the fault ends when every killed worker is back (a start takes a while on a busy machine).
      const kills: Array<{ worker: number; atSecond: number; backAfterSeconds?: number }> = [];
      const restarts: Array<Promise<void>> = [];
      const t0 = Date.now();
      const at = Array.from({ length: Number(values.kills) }, () => Math.random() * faultSeconds("kill9") * 1000).sort((a, b) => a - b);
      const busy = new Set<number>();
      for (const ms of at) {
        await sleep(Math.max(0, t0 + ms - Date.now()));
        const free = Array.from({ length: workerCount }, (_, i) => i).filter((i) => !busy.has(i));
        const worker = free[Math.floor(Math.random() * free.length)];
        if (worker === undefined) continue;
        busy.add(worker);
        const kill: (typeof kills)[number] = { worker, atSecond: round((Date.now() - t0) / 1000)! };
        kills.push(kill);
        const k0 = Date.now();
        restarts.push(fleet.kill9(worker, 1000).then(() => {
          kill.backAfterSeconds = round((Date.now() - k0) / 1000)!;
          busy.delete(worker);
        }));
      }
      await Promise.all(restarts);
      return { kills };
    },
    async redis() {
      return redis.restart(3000);
    },
    async postgres() {
      return pg.restart(3000);
    },
    async "provider-5xx"() {
      sim!.fault("5xx");
      await sleep(outageSeconds * 1000);
      sim!.fault("none");
      return { answered: "503" };
    },
    async "provider-timeout"() {
      sim!.fault("timeout");
      await sleep(outageSeconds * 1000);
      sim!.fault("none");
      return { answered: "nothing (messages accepted, answers never sent)" };
    },
    async clock() {
      // The clock jumps an hour ahead on every worker at once: all stopped (gracefully), all started
      // on the new clock. Steps due within the skipped hour become due at once; none may go before its
      // time. `--clock-rolling` restarts them one after another instead, so for a while workers an
      // hour apart share the queue (clock skew between machines; see the README for what it finds).
      const c = fleet.slots.length;
      if (values["clock-rolling"]) {
        clock.jump(3600_000);
        await fleet.rollingRestart();
      } else {
        await fleet.stopAll();
        clock.jump(3600_000);
        await fleet.start();
      }
      return { jumpedSeconds: 3600, workersRestarted: c, rolling: values["clock-rolling"] };
    },
  };

  // The workers' first batches pay for JIT warm-up (slow on a busy machine): --warm-seconds of steps
  // fed before the first phase, so its baseline is a warm one. Not checked.
  let nextCase = 1;
  {
    const cases = Math.ceil((warmSeconds * rate) / PER_CASE);
    const warm = new Feeder(t, clock, nextCase, nextCase + cases - 1, { rate, perCase: PER_CASE, kind: "warmup", template: "us_followup_sms" });
    nextCase += cases;
    warm.start();
    await sleep(warmSeconds * 1000);
    await warm.stop();
    log(`warm-up fed ${warm.casesUsed} cases`);
  }
  const report: Record<string, unknown> = {};
  for (const phase of phases) {
    log(`phase ${phase}`);
    if (phase === "clock") {
      // Steps due half an hour ahead: not before the jump (sentBeforeDue), at once after it.
      const ahead = Math.ceil((10 * rate) / PER_CASE);
      await insertSteps(t, { from: nextCase, to: nextCase + ahead - 1, perCase: PER_CASE, kind: phase, dueAt: new Date(clock.now().getTime() + 1800_000).toISOString(), channel: "sms", template: "us_followup_sms" });
      nextCase += ahead;
    }
    const cases = phaseCases(phase);
    const feeder = new Feeder(t, clock, nextCase, nextCase + cases - 1, { rate, perCase: PER_CASE, kind: phase, template: "us_followup_sms" });
    nextCase += cases;
    const sampler = new Sampler(t, clock, phase);
    const loadBefore = load();
    sampler.start();
    feeder.start();
    await sleep(warmSeconds * 1000);
    const faultStart = Date.now();
    const fault = await faults[phase]();
    const faultEnd = Date.now();
    sampler.mark(faultEnd);
    log(`  fault over (${((faultEnd - faultStart) / 1000).toFixed(1)} s): ${JSON.stringify(fault)}`);
    await sleep(afterSeconds * 1000);
    await feeder.stop();
    const fedUntil = Date.now();
    // Drained: nothing of this phase due and unfinished.
    const deadline = Date.now() + drainTimeout * 1000;
    let drained = false;
    let reported = Date.now();
    const stragglers: Array<{ afterFeedSeconds: number; open: unknown }> = [];
    while (Date.now() < deadline) {
      const last = sampler.samples.at(-1);
      if (last && sampler.at(Date.now()) - last.t < 3 && last.backlog === 0) {
        drained = true;
        break;
      }
      if (Date.now() - reported >= 15_000) {
        // A slow drain: what it waits for, by state and reason.
        reported = Date.now();
        const open = await sampler.open().catch(() => []);
        stragglers.push({ afterFeedSeconds: round((Date.now() - fedUntil) / 1000)!, open });
        log(`  still open: ${JSON.stringify(open)}`);
      }
      await sleep(1000);
    }
    sampler.stop();
    const found: LedgerFindings = await ledgerFindings(t.sql, { kind: phase, now: clock.now(), capPerPerson: CAP });

    // Recovery, from the samples: the sent rate and the backlog of the warm-up (after its first 3 s)
    // are the baseline; throughput is back at the first 5 s after the fault whose sent rate reaches
    // 80% of it, the backlog is drained at the first sample after the fault at or below its highest
    // warm-up level (at least 2 s of feed); the fault's leftovers are done when no step made before its
    // end is still due and unfinished (a tail a backlog figure hides).
    const fs = sampler.at(faultStart);
    const fe = sampler.at(faultEnd);
    const warm = sampler.samples.filter((s) => s.t >= 3 && s.t <= fs);
    const baselineRate = sampler.rate(3, fs);
    const baselineBacklog = Math.max(2 * rate, ...warm.map((s) => s.backlog));
    const after = sampler.samples.filter((s) => s.t >= fe);
    const back = baselineRate === undefined ? undefined : after.find((s) => (sampler.rate(s.t, s.t + 5) ?? 0) >= 0.8 * baselineRate);
    const drainedAt = after.find((s) => s.backlog <= baselineBacklog);
    const faultLeftoversDone = after.find((s) => s.backlogBeforeMark === 0);
    const duringFault = sampler.rate(fs, fe);
    const peakBacklog = Math.max(0, ...sampler.samples.map((s) => s.backlog));
    const entry = {
      fault,
      faultSeconds: round((faultEnd - faultStart) / 1000),
      steps: found.steps,
      casesFed: feeder.casesUsed,
      feedErrors: feeder.errors,
      states: found.states,
      notSent: found.notSent,
      violations: found.violations,
      duplicates: found.duplicates,
      lost: found.lost,
      sentPerSecond: { beforeFault: round(baselineRate), duringFault: round(duringFault) },
      backlog: { beforeFaultMax: Math.max(0, ...warm.map((s) => s.backlog)), peak: peakBacklog },
      recovery: {
        throughputBackSeconds: back ? round(back.t - fe) : null,
        backlogDrainedSeconds: drainedAt ? round(drainedAt.t - fe) : null,
        stepsMadeBeforeFaultEndAllDoneSeconds: faultLeftoversDone ? round(faultLeftoversDone.t - fe) : null,
        allDoneSecondsAfterFeedStopped: drained ? round((Date.now() - fedUntil) / 1000 - 1) : null,
      },
      stragglers,
      drained,
      loadAverage: { before: loadBefore, after: load() },
      // The provider's side (duplicated records, sent steps it never received) is added at the end.
      pass: drained && allZero(found.violations, found.duplicates, found.lost),
    };
    log(`  ${JSON.stringify(entry)}`);
    report[phase] = entry;
  }

  await children.stopAll().catch(() => undefined);
  const received = await sim.stop().catch(() => ({ keys: [], replays: 0, hits: 0 }));
  sim = undefined;
  for (const phase of phases) {
    const entry = report[phase] as { pass: boolean; provider?: unknown };
    const provider = await providerFindings(t.sql, received, phase);
    entry.provider = { recordsDuplicated: provider.providerRecordsDuplicated, sentStepsNeverReceived: provider.claimsNeverSent };
    entry.pass = entry.pass && provider.providerRecordsDuplicated === 0 && provider.claimsNeverSent === 0;
  }
  result.providerReplays = received.replays;
  result.phases = report;
  result.workerRestarts = fleet.restarts.length;
  result.pass = phases.every((p) => (report[p] as { pass: boolean }).pass);
} finally {
  await children.stopAll().catch(() => undefined);
  await sim?.stop().catch(() => undefined);
  (result.loadAverage as Record<string, unknown>).after = load();
  await t.drop().catch((e: unknown) => log(`drop failed: ${String(e)}`));
  await pg.stop();
  await redis.stop();
  await rm(letterDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
process.exit(0);
