import { QueueEvents, type Job } from "bullmq";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { countGivenUpSteps } from "@casebook/domain";
import { bullPrefix, connectRedis, enqueueDispatchBatches, JOBS, QUEUES, type RedisConnection } from "@casebook/jobs";
import { readConfig } from "../src/env";
import { retryDelayMs } from "../src/processors/dispatch-step";
import { startHarness, waitUntil, type Harness } from "./harness";

const START = Date.parse("2026-03-03T17:00:00Z"); // 12:00 in New York, 07:00 in Honolulu
let h: Harness;
let events: QueueEvents;
let eventsConnection: RedisConnection;
beforeAll(async () => {
  h = await startHarness();
  // The environment's Redis, a cluster included (redis-cluster.test.ts runs this file against one).
  eventsConnection = connectRedis({ REDIS_URL: h.env.REDIS_URL!, REDIS_CLUSTER_NODES: h.env.REDIS_CLUSTER_NODES }, { maxRetriesPerRequest: null });
  events = new QueueEvents(QUEUES.dispatchSms, { connection: eventsConnection, prefix: bullPrefix(h.prefix, QUEUES.dispatchSms) });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events?.close();
  await eventsConnection?.quit();
  await h?.close();
});

let n = 0;
async function smsStep(options: { zone?: "America/New_York" | "Pacific/Honolulu"; templateCode?: string; missingParty?: boolean } = {}) {
  const client = await makeClient(h.t.db);
  const hi = options.zone === "Pacific/Honolulu";
  const person = await makePerson(h.t.db, {
    person: hi ? { region: "HI", postalCode: "96813", timeZones: ["Pacific/Honolulu"] } : { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
    contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+1${hi ? "808" : "718"}557${String(1000 + n++)}`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
  });
  const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: new Date(START) });
  const values = { caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), kind: "test", channel: "sms" as const, templateCode: options.templateCode ?? "us_first_sms", purpose: "collection" as const, dueAt: new Date(START - 60_000) };
  if (options.missingParty) {
    // A step whose contacted person no longer exists: this test database drops the foreign key (as
    // its owner) so the row can point at nobody, as after an erasure done outside the domain.
    const [fk] = await h.t.ownerSql<{ name: string }[]>`
      select conname as name from pg_constraint where conrelid = 'outreach_steps'::regclass and contype = 'f'
         and pg_get_constraintdef(oid) like '%(party_person_id)%'`;
    if (fk) await h.t.ownerSql.unsafe(`alter table outreach_steps drop constraint "${fk.name}"`);
    const [row] = await h.t.sql<{ id: string }[]>`insert into outreach_steps (case_id, person_id, party_person_id, account_ids, kind, channel, template_code, purpose, due_at)
        values (${values.caseId}, ${values.personId}, ${crypto.randomUUID()}, ${values.accountIds}, 'test', 'sms', 'us_first_sms', 'collection', ${values.dueAt.toISOString()})
        returning id`;
    return { id: row!.id, to: "" };
  }
  const [step] = await h.t.db.insert(s.outreachSteps).values(values).returning({ id: s.outreachSteps.id });
  return { id: step!.id, to: person.contactPoints[0]!.value };
}

const clock = () => ({ CASEBOOK_CLOCK_START: new Date(START).toISOString(), CASEBOOK_CLOCK_RATE: "1", CASEBOOK_CLOCK_EPOCH_MS: String(Date.now()) });

describe("a batch is many small fates (issue 9 §3)", () => {
  it("a missing person, a broken template and a provider 4xx each fail alone with their reason; the others are sent or deferred", async () => {
    const [broken] = await h.t.db.select().from(s.templates).where(eq(s.templates.code, "us_first_sms"));
    await h.t.db.insert(s.templates).values({ ...broken!, id: undefined, createdAt: undefined, code: "test_broken_sms", body: `${broken!.body} {{noSuchVariable}}` });

    const rejected = await smsStep(); // first to reach the provider: refused with a 400
    const ok1 = await smsStep();
    const missingPerson = await smsStep({ missingParty: true });
    const templateError = await smsStep({ templateCode: "test_broken_sms" });
    const tooEarly = await smsStep({ zone: "Pacific/Honolulu" }); // 07:00 local: deferred to 08:00
    const ok2 = await smsStep();
    const order = [rejected, ok1, missingPerson, templateError, tooEarly, ok2];

    h.sim.failNext(1, 400);
    const worker = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms" });
    await worker.ready;
    const job = await h.producer.queue(QUEUES.dispatchSms).add(JOBS.dispatchBatch, { steps: order.map((x) => ({ stepId: x.id, version: 0 })) }, { attempts: 3 });
    // Waits for the job's own completion event (no sleeps): the batch must complete, not fail.
    const result = (await job.waitUntilFinished(events, 60_000)) as { steps: Record<string, string> };

    const rows = await h.t.db.select().from(s.outreachSteps).where(inArray(s.outreachSteps.id, order.map((x) => x.id)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect({ state: byId.get(rejected.id)!.state, reason: byId.get(rejected.id)!.reason }).toEqual({ state: "failed", reason: "provider_rejected" });
    expect({ state: byId.get(missingPerson.id)!.state, reason: byId.get(missingPerson.id)!.reason }).toEqual({ state: "failed", reason: "person_missing" });
    expect({ state: byId.get(templateError.id)!.state, reason: byId.get(templateError.id)!.reason }).toEqual({ state: "failed", reason: "template_error" });
    expect({ state: byId.get(tooEarly.id)!.state, reason: byId.get(tooEarly.id)!.reason }).toEqual({ state: "deferred", reason: "compliance_deferred" });
    expect(byId.get(ok1.id)!.state).toBe("dispatched");
    expect(byId.get(ok2.id)!.state).toBe("dispatched");
    expect(result.steps).toEqual({
      [rejected.id]: "failed", [ok1.id]: "sent", [missingPerson.id]: "failed", [templateError.id]: "failed", [tooEarly.id]: "deferred", [ok2.id]: "sent",
    });
    // Sent once each; nothing for the poisoned ones.
    expect(h.sim.requests().filter((r) => r.to === ok1.to || r.to === ok2.to)).toHaveLength(2);
    expect(h.sim.requests().filter((r) => r.to === templateError.to || r.to === tooEarly.to)).toHaveLength(0);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 300_000);
});

describe("retries outlast a provider outage (issue 9 §4)", () => {
  it("by default, waits at least an hour before giving a step up; production refuses less", () => {
    const w = readConfig({ DATABASE_URL: "postgres://x@127.0.0.1/x" }).worker;
    expect(w.DISPATCH_RETRY_GIVE_UP_AFTER_MS).toBeGreaterThanOrEqual(3_600_000);
    // The schedule reaches that far with capped waits (no single wait longer than the cap).
    let total = 0;
    let retries = 0;
    while (total < w.DISPATCH_RETRY_GIVE_UP_AFTER_MS) total += retryDelayMs({ config: { worker: w } as never }, retries++);
    expect(retries).toBeGreaterThan(6);
    expect(retryDelayMs({ config: { worker: w } as never }, 50)).toBe(w.DISPATCH_RETRY_MAX_DELAY_MS);
    expect(() => readConfig({ DATABASE_URL: "postgres://x@127.0.0.1/x", NODE_ENV: "production", DISPATCH_RETRY_GIVE_UP_AFTER_MS: "60000" })).toThrow(/DISPATCH_RETRY_GIVE_UP_AFTER_MS/);
  });

  it("a step retried through an outage is sent once when the provider returns; one whose outage outlasts the budget is given up visibly", async () => {
    const survives = await smsStep();
    const worker = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms", DISPATCH_RETRY_BASE_MS: "100", DISPATCH_RETRY_MAX_DELAY_MS: "400", DISPATCH_RETRY_GIVE_UP_AFTER_MS: "60000" });
    await worker.ready;
    // Three refusals (503): the step waits 100, 200, 400 ms and goes out on the fourth try.
    h.sim.failNext(3, 503);
    const first = await h.producer.queue(QUEUES.dispatchSms).add(JOBS.dispatchStep, { stepId: survives.id, version: 0 }, { jobId: `step:${survives.id}:0` });
    await first.waitUntilFinished(events, 60_000);
    const [sent] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, survives.id));
    expect(sent!.state).toBe("dispatched");
    expect(h.sim.requests().filter((r) => r.to === survives.to)).toHaveLength(1);
    worker.child.kill("SIGTERM");
    await worker.exited;

    // The provider stays down past a (test-sized) budget: the step is given up, logged with ids only, counted.
    const doomed = await smsStep();
    const impatient = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms", DISPATCH_RETRY_BASE_MS: "100", DISPATCH_RETRY_MAX_DELAY_MS: "200", DISPATCH_RETRY_GIVE_UP_AFTER_MS: "1000" });
    await impatient.ready;
    h.sim.failNext(1_000, 503);
    const before = await countGivenUpSteps(h.ctx(new Date(START)));
    const second = await h.producer.queue(QUEUES.dispatchSms).add(JOBS.dispatchStep, { stepId: doomed.id, version: 0 }, { jobId: `step:${doomed.id}:0` });
    const outcome = (await second.waitUntilFinished(events, 60_000)) as { status: string };
    h.sim.failNext(0);
    expect(outcome.status).toBe("given_up");
    const [given] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, doomed.id));
    expect({ state: given!.state, reason: given!.reason }).toEqual({ state: "failed", reason: "retries_exhausted" });
    const after = await countGivenUpSteps(h.ctx(new Date(START)));
    expect(after.total - before.total).toBe(1);
    expect(after.failed - before.failed).toBe(1);
    const line = impatient.output().split("\n").find((l) => l.includes("given up"));
    expect(line).toBeDefined();
    const logged = JSON.parse(line!) as Record<string, unknown>;
    expect(logged.level).toBe(50); // error
    expect(logged.stepId).toBe(doomed.id);
    expect(line).not.toContain(doomed.to);
    impatient.child.kill("SIGTERM");
    await impatient.exited;
  }, 300_000);
});

describe("the steps of a batch that met a provider outage go back as one batch (issue 15)", () => {
  /** Every job on the SMS queue, in any state, that carries one of `ids` (earlier tests' jobs left out). */
  async function jobsOf(ids: string[]): Promise<Job[]> {
    const all = await h.producer.queue(QUEUES.dispatchSms).getJobs(["waiting", "delayed", "active", "completed", "failed", "prioritized"]);
    const mine = (j: Job) => {
      const data = j.data as { stepId?: string; steps?: Array<{ stepId: string }> };
      return ids.includes(data.stepId ?? "") || (data.steps ?? []).some((st) => ids.includes(st.stepId));
    };
    return all.filter(mine);
  }
  /** The sweep's batch of `ids` (enqueued as the sweep does, with its deterministic job id), once finished. */
  async function sweepBatch(ids: string[]): Promise<{ job: Job; result: { steps: Record<string, string>; retryJobId?: string } }> {
    await enqueueDispatchBatches(h.producer, ids.map((stepId) => ({ channel: "sms" as const, stepId, version: 0 })));
    const job = (await jobsOf(ids)).find((j) => j.name === JOBS.dispatchBatch && (j.data as { retry?: number }).retry === undefined)!;
    return { job, result: (await job.waitUntilFinished(events, 60_000)) as { steps: Record<string, string>; retryJobId?: string } };
  }

  it("a batch whose sends meet a 503 is re-enqueued as ONE delayed batch job of those steps, not one job each; once the provider is back each is sent exactly once", async () => {
    const batch = [await smsStep(), await smsStep(), await smsStep(), await smsStep(), await smsStep()];
    const ids = batch.map((x) => x.id);
    const worker = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms", DISPATCH_RETRY_BASE_MS: "3000", DISPATCH_RETRY_MAX_DELAY_MS: "3000", DISPATCH_RETRY_GIVE_UP_AFTER_MS: "60000" });
    await worker.ready;
    const refusals = () => h.sim.hits().filter((x) => x.method === "POST" && x.status === 503).length;
    const refusedBefore = refusals();
    h.sim.failNext(batch.length, 503);
    const { job, result } = await sweepBatch(ids);
    expect(Object.values(result.steps)).toEqual(ids.map(() => "retrying"));

    // One job for the five, delayed by the retry schedule, under its own id (the sweep's batch id is
    // `batch:…`: BullMQ would take a retry under it for the finished batch and drop it).
    const after = await jobsOf(ids);
    expect(after.filter((j) => j.name === JOBS.dispatchStep)).toHaveLength(0);
    const retries = after.filter((j) => j.id !== job.id);
    expect(retries).toHaveLength(1);
    const retry = retries[0]!;
    expect(retry.name).toBe(JOBS.dispatchBatch);
    expect(retry.id).toBe(result.retryJobId);
    expect(retry.id).toMatch(/^batch-retry:[0-9a-f]{32}:1$/);
    expect(retry.data).toEqual({ steps: ids.map((stepId) => ({ stepId, version: 0 })), retry: 1 });
    expect(retry.opts.delay).toBe(3000);
    // Ids and numbers only in Redis.
    for (const x of batch) expect(JSON.stringify(retry.data)).not.toContain(x.to);

    const retried = (await retry.waitUntilFinished(events, 60_000)) as { steps: Record<string, string> };
    expect(Object.values(retried.steps)).toEqual(ids.map(() => "sent"));
    const rows = await h.t.db.select().from(s.outreachSteps).where(inArray(s.outreachSteps.id, ids));
    expect(rows.map((r) => r.state)).toEqual(ids.map(() => "dispatched"));
    for (const row of rows) {
      // Exactly once: one claim, and one message at the provider, taken under that claim's dispatch id.
      const attempts = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, row.id));
      expect(attempts.map((a) => a.dispatchId)).toEqual([row.dispatchId]);
      expect(h.sim.requests().filter((r) => r.idempotencyKey === row.dispatchId)).toHaveLength(1);
      expect(h.sim.hits().filter((x) => x.method === "POST" && x.idempotencyKey === row.dispatchId).map((x) => x.status)).toEqual([202]);
    }
    expect(refusals() - refusedBefore).toBe(batch.length);
    expect((await jobsOf(ids)).filter((j) => j.name === JOBS.dispatchStep)).toHaveLength(0);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 300_000);

  it("after the last retry the batch's steps are given up as a single step is: failed, retries_exhausted, logged with ids only, counted", async () => {
    const batch = [await smsStep(), await smsStep(), await smsStep()];
    const ids = batch.map((x) => x.id);
    // 100 ms a wait and 300 ms of budget: three retries.
    const worker = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms", DISPATCH_RETRY_BASE_MS: "100", DISPATCH_RETRY_MAX_DELAY_MS: "100", DISPATCH_RETRY_GIVE_UP_AFTER_MS: "300" });
    await worker.ready;
    h.sim.failNext(1_000, 503);
    const before = await countGivenUpSteps(h.ctx(new Date(START)));
    await sweepBatch(ids);
    const rows = await waitUntil(async () => {
      const found = await h.t.db.select().from(s.outreachSteps).where(inArray(s.outreachSteps.id, ids));
      return found.every((r) => r.state === "failed") ? found : undefined;
    }, 60_000, "the steps to be given up");
    h.sim.failNext(0);
    expect(rows.map((r) => r.reason)).toEqual(ids.map(() => "retries_exhausted"));
    const after = await countGivenUpSteps(h.ctx(new Date(START)));
    expect(after.failed - before.failed).toBe(3);

    // The sweep's batch and its three retries, each of the three steps together; never a job a step.
    const jobs = await jobsOf(ids);
    expect(jobs.filter((j) => j.name === JOBS.dispatchStep)).toHaveLength(0);
    expect(jobs.map((j) => (j.data as { retry?: number }).retry ?? 0).sort()).toEqual([0, 1, 2, 3]);
    const last = jobs.find((j) => (j.data as { retry?: number }).retry === 3)!;
    expect(await last.getState()).toBe("completed");
    expect(Object.values((last.returnvalue as { steps: Record<string, string> }).steps)).toEqual(ids.map(() => "given_up"));
    // The message never reached the provider: the claim's attempt ends failed, the step's end is audited.
    for (const row of rows) {
      const [attempt] = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, row.id));
      const outcomes = await h.t.db.select().from(s.contactOutcomes).where(eq(s.contactOutcomes.attemptId, attempt!.id));
      expect(outcomes.map((o) => o.outcome)).toEqual(["failed"]);
      const audits = await h.t.db.select().from(s.auditEvents).where(eq(s.auditEvents.entityId, row.id));
      expect(audits.map((a) => a.action)).toContain("outreach.step_given_up");
    }
    const lines = worker.output().split("\n").filter((l) => l.includes("given up"));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const logged = JSON.parse(line) as Record<string, unknown>;
      expect(logged.level).toBe(50); // error
      expect(ids).toContain(logged.stepId);
      for (const x of batch) expect(line).not.toContain(x.to);
    }
    worker.child.kill("SIGTERM");
    await worker.exited;
  }, 300_000);
});
