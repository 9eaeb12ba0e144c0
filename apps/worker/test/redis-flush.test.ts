import { spawn, type ChildProcess } from "node:child_process";
import { eq, inArray, isNotNull, and } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@casebook/config/testing";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { QUEUES, SCHEDULERS } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness } from "./harness";

// Issue 9 §4: Redis loses its data (here FLUSHALL on a private redis-server; the shared one on 6379
// is never flushed). The worker must re-register its schedulers, the steps whose jobs were lost must
// be swept again, and every due step must go out exactly once, within 60 s.
const START = Date.parse("2026-03-03T17:00:00Z"); // 12:00 in New York, a Tuesday
const STEPS = 20;


let redisProcess: ChildProcess;
let redis: Redis;
let h: Harness;

beforeAll(async () => {
  const port = await freePort();
  redisProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  redis = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: null, retryStrategy: () => 100 });
  redis.on("error", () => undefined); // refused until the server is up
  await waitUntil(async () => (await redis.ping().catch(() => "")) === "PONG", 10_000, "the private redis-server");
  h = await startHarness({ redisUrl: `redis://127.0.0.1:${port}` });
});
afterAll(async () => {
  await h?.close();
  await redis?.quit().catch(() => undefined);
  redisProcess?.kill("SIGTERM");
});

describe("Redis loses its data (FLUSHALL on a private redis-server)", () => {
  it("re-registers the schedulers, sweeps the lost steps again and sends every due step exactly once within 60 s", async () => {
    const client = await makeClient(h.t.db);
    const stepIds: string[] = [];
    for (let i = 0; i < STEPS; i++) {
      const person = await makePerson(h.t.db, {
        contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+1718556${String(1000 + i)}`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
      });
      const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: new Date(START) });
      const [step] = await h.t.db
        .insert(s.outreachSteps)
        .values({ caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), kind: "test", channel: "sms", templateCode: "us_first_sms", purpose: "collection", dueAt: new Date(START - 60_000) })
        .returning({ id: s.outreachSteps.id });
      stepIds.push(step!.id);
    }
    const clock = { CASEBOOK_CLOCK_START: new Date(START).toISOString(), CASEBOOK_CLOCK_RATE: "1", CASEBOOK_CLOCK_EPOCH_MS: String(Date.now()) };
    const fast = { SWEEP_EVERY_MS: "500", RECONCILE_EVERY_MS: "60000", WORKER_REDIS_WATCH_MS: "500", SWEEP_LEASE_SECONDS: "900" };

    // The dispatch queue is paused (a flag in Redis, lost with the rest), so the swept steps' jobs wait
    // in Redis, leased, until the data is lost.
    await h.producer.queue(QUEUES.dispatchSms).pause();
    const dispatcher = h.spawnWorker({ ...clock, ...fast, WORKER_NO_SCHEDULERS: "true", WORKER_QUEUES: "dispatch-sms" });
    await Promise.race([dispatcher.ready, dispatcher.exited.then(() => { throw new Error(dispatcher.output()); })]);
    const scheduler = h.spawnWorker({ ...clock, ...fast, WORKER_NO_SCHEDULERS: "false", WORKER_QUEUES: "outreach-sweep" });
    await Promise.race([scheduler.ready, scheduler.exited.then(() => { throw new Error(scheduler.output()); })]);
    await waitUntil(async () => {
      const leased = await h.t.db.select({ id: s.outreachSteps.id }).from(s.outreachSteps).where(and(inArray(s.outreachSteps.id, stepIds), isNotNull(s.outreachSteps.leasedUntil)));
      const waiting = await h.producer.queue(QUEUES.dispatchSms).getWaitingCount();
      return leased.length === STEPS && waiting > 0;
    }, 30_000, "the sweep to lease and enqueue every step").catch((e: Error) => {
      console.log(scheduler.output().slice(-3000));
      throw e;
    });

    // The data is lost: schedulers, waiting jobs, everything.
    await redis.flushall();
    const flushedAt = Date.now();
    expect(await redis.dbsize()).toBe(0);

    expect(h.sim.requests().filter((r) => r.to.startsWith("+1718556"))).toHaveLength(0);
    const done = await waitUntil(async () => {
      const rows = await h.t.db.select({ id: s.outreachSteps.id, state: s.outreachSteps.state }).from(s.outreachSteps).where(inArray(s.outreachSteps.id, stepIds));
      return rows.every((r) => r.state === "dispatched" || r.state === "delivered") ? Date.now() : undefined;
    }, 60_000, "every due step to be sent after the flush").catch((e: Error) => {
      console.log(scheduler.output().slice(-2000), dispatcher.output().slice(-2000));
      throw e;
    });
    const recoveryMs = done - flushedAt;
    console.log(JSON.stringify({ test: "redis-flush recovery", steps: STEPS, recoveryMs }));

    // Sweeps resumed: the scheduler is back in Redis.
    expect(await h.producer.queue(QUEUES.outreachSweep).getJobScheduler(SCHEDULERS.sweep)).toBeTruthy();
    expect(recoveryMs).toBeLessThan(60_000);
    // Exactly once: one provider message per step, each dispatch id once, no replayed POST.
    const rows = await h.t.db.select().from(s.outreachSteps).where(inArray(s.outreachSteps.id, stepIds));
    for (const row of rows) {
      const attempts = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, row.id));
      expect(attempts).toHaveLength(1);
      expect(h.sim.requests().filter((r) => r.idempotencyKey === row.dispatchId)).toHaveLength(1);
    }
    expect(h.sim.requests().filter((r) => r.to.startsWith("+1718556"))).toHaveLength(STEPS);
    expect(h.sim.hits().filter((x) => x.method === "POST" && x.replay)).toHaveLength(0);
    // Two tsx worker processes start slowly on a busy machine; the 60 s bound is on the recovery itself.
  }, 300_000);
});
