import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import type { JobQueue } from "@casebook/jobs";
import { domainContext, sweepDueSteps, systemActor } from "../../src";
import { recordingJobQueue, testContext, testInfra } from "../../src/testing";
import { startHarness, type OutreachHarness } from "./setup";

let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("the sweep", () => {
  it("selects each due step once across concurrent sweepers (SKIP LOCKED), leases it, and sweeps it again only after the lease", async () => {
    const now = new Date("2026-03-03T17:00:00Z");
    const client = await makeClient(h.t.db);
    const person = await makePerson(h.t.db);
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now });
    const n = 3000;
    await h.t.db.insert(s.outreachSteps).values(
      Array.from({ length: n }, (_, i) => ({
        caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), occurrence: i + 1, kind: "test",
        channel: (["sms", "email", "call", "letter"] as const)[i % 4]!, templateCode: "x", purpose: "collection" as const,
        // 10 not yet due: they stay in PostgreSQL only.
        dueAt: new Date(now.getTime() + (i < 10 ? 3_600_000 : -60_000)),
      })),
    );
    const ctx = testContext(h.t.db, systemActor("sweep-test"), now);
    const queues = [0, 1, 2].map(() => recordingJobQueue());
    await Promise.all(queues.map((queue) => sweepDueSteps({ ...ctx, enqueue: queue }, { limit: n, batchSize: 250 })));
    const ids = queues.flatMap((q) => q.steps.map((x) => x.stepId));
    expect(ids).toHaveLength(n - 10);
    expect(new Set(ids).size).toBe(n - 10);
    expect(queues.every((q) => q.steps.every((x) => x.version === 0))).toBe(true);

    // Leased: a sweep a minute later finds nothing; after the lease (10 minutes) the same versions come back.
    expect((await sweepDueSteps({ ...ctx, now: new Date(now.getTime() + 60_000) }, { limit: n })).selected).toBe(0);
    const again = await sweepDueSteps({ ...ctx, now: new Date(now.getTime() + 11 * 60_000) }, { limit: n });
    expect(again.selected).toBe(n - 10);
  });

  it("with a look-ahead, a step falling due before the next sweep is handed over now with the ms until it is due (its job waits in Redis, not for the next sweep); one due after the look-ahead is not (issue 15)", async () => {
    await h.t.db.update(s.outreachSteps).set({ leasedUntil: new Date("2100-01-01T00:00:00Z") });
    const now = new Date("2026-03-03T18:00:00Z");
    const client = await makeClient(h.t.db);
    const person = await makePerson(h.t.db);
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now });
    const dueIn = [-5_000, 0, 700, 1_900, 2_100, 60_000];
    await h.t.db.insert(s.outreachSteps).values(dueIn.map((ms, i) => ({
      caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), occurrence: i + 1, kind: "ahead",
      channel: "sms" as const, templateCode: "x", purpose: "collection" as const, dueAt: new Date(now.getTime() + ms),
    })));
    const ctx = testContext(h.t.db, systemActor("sweep-ahead"), now);
    const queue = recordingJobQueue();
    // The worker's look-ahead: twice a sweep period of a second.
    const t0 = Date.now();
    const swept = await sweepDueSteps({ ...ctx, enqueue: queue }, { limit: 100, lookAheadMs: 2_000, leaseSeconds: 60 });
    const elapsed = Date.now() - t0;
    expect(swept.selected).toBe(4);
    // Each step's wait is the time until it is due, counted from the hand-over (the sweep's clock runs on
    // from its now while it works): never longer, and shorter by at most the sweep's own time.
    const waits = queue.steps.map((x) => x.dueInMs!).sort((a, b) => a - b);
    [0, 0, 700, 1_900].forEach((ms, i) => {
      expect(waits[i]).toBeLessThanOrEqual(ms);
      expect(waits[i]).toBeGreaterThanOrEqual(Math.max(0, ms - elapsed));
    });
    // Leased past their due instant (the look-ahead and the lease): the next sweep, after they fell due, skips them.
    expect((await sweepDueSteps({ ...ctx, now: new Date(now.getTime() + 3_000), enqueue: recordingJobQueue() }, { limit: 100, lookAheadMs: 2_000, leaseSeconds: 60 })).selected).toBe(1);
    // Without a look-ahead nothing changes: only steps already due.
    const plain = recordingJobQueue();
    await h.t.db.update(s.outreachSteps).set({ leasedUntil: null }).where(eq(s.outreachSteps.kind, "ahead"));
    await sweepDueSteps({ ...ctx, enqueue: plain }, { limit: 100 });
    expect(plain.steps.map((x) => x.dueInMs)).toEqual([0, 0]);
  });

  it("a slow drain with a lease far shorter than the drain never selects a step twice: its leases renew until the run ends", async () => {
    // The first test's steps stay out of the way (leased for good), so every sweep below competes for these.
    await h.t.db.update(s.outreachSteps).set({ leasedUntil: new Date("2100-01-01T00:00:00Z") });
    const client = await makeClient(h.t.db);
    const person = await makePerson(h.t.db);
    const start = new Date();
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: start });
    const n = 60;
    await h.t.db.insert(s.outreachSteps).values(
      Array.from({ length: n }, (_, i) => ({
        caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), occurrence: i + 1, kind: "slow",
        channel: "sms" as const, templateCode: "x", purpose: "collection" as const, dueAt: new Date(start.getTime() - 60_000),
      })),
    );
    // Real clocks: each sweep's now is the wall clock, as in the worker.
    const ctx = (enqueue: JobQueue = recordingJobQueue()) => domainContext({ ...testInfra(h.t.db), enqueue }, systemActor("sweep-slow"));

    // The slow sweep: a 4 s lease, batches of 10, each batch's enqueue taking 4.8 s (Redis on a bad day).
    // (4 s: a renewal then has 2.6 s to land; with 2 s a CI run at load 10 saw renewals land too late.)
    // While it enqueues one batch it has selected the next, so it holds steps for several leases.
    const slowIds: string[] = [];
    let firstEnqueue!: () => void;
    const enqueueing = new Promise<void>((r) => (firstEnqueue = r));
    let slowDone = false;
    const startedAt = Date.now();
    const slowQueue: JobQueue = {
      dispatchSteps: () => Promise.reject(new Error("the sweep enqueues batches")),
      sendPortalCode: () => Promise.reject(new Error("the sweep signs nobody in")),
      async dispatchBatches(steps) {
        slowIds.push(...steps.map((x) => x.stepId));
        firstEnqueue();
        await new Promise((r) => setTimeout(r, 4800));
      },
    };
    const slow = sweepDueSteps(ctx(slowQueue), { limit: n, batchSize: 10, leaseSeconds: 4, parallel: 1 }).finally(() => (slowDone = true));
    // Other sweepers (the scheduler's next ticks, other workers) run all the while the slow one drains.
    await enqueueing;
    const otherIds = new Set<string>();
    let others = 0;
    while (!slowDone) {
      const queue = recordingJobQueue();
      await sweepDueSteps(ctx(queue), { limit: n, batchSize: 10, leaseSeconds: 4, parallel: 1 });
      queue.steps.forEach((x) => otherIds.add(x.stepId));
      others++;
    }
    const slowResult = await slow;
    const drainMs = Date.now() - startedAt;

    // The drain outlasted its lease several times over, and its leases were renewed meanwhile.
    expect(drainMs).toBeGreaterThan(8_000);
    expect(slowResult.renewed).toBeGreaterThan(0);
    expect(others).toBeGreaterThan(3);
    // No step the slow sweep selected was selected by anyone else during its run, nor twice by itself.
    expect(slowIds.length).toBeGreaterThanOrEqual(20);
    expect(new Set(slowIds).size).toBe(slowIds.length);
    expect(slowIds.filter((id) => otherIds.has(id))).toEqual([]);
    // And between them every due step was selected.
    expect(new Set([...slowIds, ...otherIds]).size).toBe(n);
  }, 60_000);
});

