import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { sweepDueSteps } from "@casebook/domain";
import { producerJobQueue } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

// The simulated clock: Tuesday 2026-03-03 10:00 in New York, 10 simulated minutes per real second.
const START = Date.parse("2026-03-03T15:00:00Z");
const RATE = 600;

describe("4 worker processes, 200 due calls for one person and one debt", () => {
  it("never more than 7 counted calls in 7 local days; the rest deferred with a notBefore; no dispatch id sent twice", async () => {
    const client = await makeClient(h.t.db);
    const person = await makePerson(h.t.db, {
      person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
      contactPoints: [{ kind: "phone", phoneType: "mobile", value: "+17185550142", isPrimary: true, source: "client", consentCall: true, consentSms: true }],
    });
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: new Date(START) });
    const accountIds = c.accounts.map((a) => a.id);
    await h.t.db.insert(s.outreachSteps).values(
      Array.from({ length: 200 }, (_, i) => ({
        caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds, occurrence: i + 1, kind: "test",
        channel: "call" as const, templateCode: "us_call_script", purpose: "collection" as const, autodialed: true, dueAt: new Date(START - 60_000),
      })),
    );

    const epoch = Date.now();
    const clock = () => new Date(START + (Date.now() - epoch) * RATE);
    const workerEnv = { CASEBOOK_CLOCK_START: new Date(START).toISOString(), CASEBOOK_CLOCK_RATE: String(RATE), CASEBOOK_CLOCK_EPOCH_MS: String(epoch), WORKER_DISPATCH_CONCURRENCY: "8", WORKER_QUEUES: "dispatch-voice" };
    const workers = Array.from({ length: 4 }, () => h.spawnWorker(workerEnv));
    await Promise.all(workers.map((w) => w.ready));

    // Sweep as the scheduler would (here every 300 ms real = 3 simulated minutes) for ~3 simulated hours.
    // One dispatch job per step (not the scheduler's batches): 32 concurrent dispatches race for the same person.
    // At least 18 s; longer while fewer than 7 calls have gone out (a loaded machine starts and runs the
    // workers slowly), but at most 60 s real = 10 simulated hours, so the run stays inside one calling day.
    const perStep = producerJobQueue(h.producer);
    const started = Date.now();
    const dispatched = async () => (await h.t.db.select({ n: sql<number>`count(*)::int` }).from(s.outreachSteps)
      .where(and(eq(s.outreachSteps.caseId, c.id), eq(s.outreachSteps.state, "dispatched"))))[0]!.n;
    while (Date.now() - started < 18_000 || (Date.now() - started < 60_000 && (await dispatched()) < 7)) {
      await sweepDueSteps({ ...h.ctx(clock()), enqueue: { ...perStep, dispatchBatches: perStep.dispatchSteps } }, { limit: 1000, leaseSeconds: 300 });
      await new Promise((r) => setTimeout(r, 300));
    }
    // Let in-flight jobs finish: no step is claimed and every queue is empty.
    const queue = h.producer.queue("dispatch-voice");
    await waitUntil(async () => {
      const counts = await queue.getJobCounts("active", "waiting", "delayed");
      const [claimed] = await h.t.db.select({ n: sql<number>`count(*)::int` }).from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, c.id), eq(s.outreachSteps.state, "claimed")));
      return (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.delayed ?? 0) === 0 && claimed!.n === 0;
    }, 30_000, "the queue to drain");
    await Promise.all(workers.map(async (w) => {
      w.child.kill("SIGTERM");
      expect(await w.exited).toBe(0);
    }));

    // The ledger, read by an independent query: counted calls (outbound call/voicemail to the consumer,
    // latest outcome not "not_connected") in any window of 7 New York calendar days.
    const [worst] = await h.t.sql<{ max: number }[]>`
      with calls as (
        select a.id, (a.started_at at time zone 'America/New_York')::date as d
          from contact_attempts a
         where a.person_id = ${person.id} and a.direction = 'outbound' and a.channel in ('call', 'voicemail') and a.party_role = 'consumer'
           and coalesce((select o.outcome from contact_outcomes o where o.attempt_id = a.id order by o.at desc limit 1)::text, 'unknown') <> 'not_connected')
      select coalesce(max(n), 0)::int as max from (select c1.id, count(*) as n from calls c1 join calls c2 on c2.d between c1.d - 6 and c1.d group by c1.id) w`;
    expect(worst!.max).toBe(7);

    const steps = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.caseId, c.id));
    const byState = (st: string) => steps.filter((x) => x.state === st);
    expect(byState("dispatched")).toHaveLength(7);
    expect(byState("deferred")).toHaveLength(193);
    for (const step of byState("deferred")) {
      const [decision] = await h.t.db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.id, step.lastDecisionId!));
      expect(decision!.decision).toBe("defer");
      expect(decision!.notBefore).not.toBeNull();
      expect(step.dueAt.getTime()).toBe(decision!.notBefore!.getTime());
    }
    // After the 7th call the next one waits a week (the oldest call leaving the 7-day window).
    const latestDue = Math.max(...byState("deferred").map((x) => x.dueAt.getTime()));
    expect(latestDue).toBeGreaterThan(START + 6 * 86_400_000);

    // The provider saw 7 messages, each dispatch id once, never a replayed POST.
    const records = h.sim.requests().filter((r) => r.to === "+17185550142");
    expect(records).toHaveLength(7);
    expect(new Set(records.map((r) => r.idempotencyKey)).size).toBe(7);
    expect(h.sim.hits().filter((x) => x.method === "POST" && x.replay)).toHaveLength(0);
    const ledgerKeys = new Set(byState("dispatched").map((x) => x.dispatchId));
    for (const r of records) expect(ledgerKeys.has(r.idempotencyKey)).toBe(true);
    // Four tsx worker processes take most of a minute to start on a busy 2-core machine.
  }, 300_000);
});
