import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { readConfig } from "../src/env";
import { sweepLookAheadMs } from "../src/processors/sweep-due-steps";
import { startHarness, waitUntil, type Harness } from "./harness";

describe("the sweep's look-ahead (issue 15)", () => {
  it("is twice the sweep's period unless set, so a sweep that starts late still covers every step until the next; 0 turns it off", () => {
    const base = { DATABASE_URL: "postgres://x@127.0.0.1/x", REDIS_URL: "redis://127.0.0.1:6379" };
    expect(sweepLookAheadMs(readConfig(base).worker)).toBe(120_000);
    expect(sweepLookAheadMs(readConfig({ ...base, SWEEP_EVERY_MS: "1000" }).worker)).toBe(2_000);
    expect(sweepLookAheadMs(readConfig({ ...base, SWEEP_EVERY_MS: "1000", SWEEP_LOOKAHEAD_MS: "0" }).worker)).toBe(0);
    expect(() => readConfig({ ...base, SWEEP_LOOKAHEAD_MS: "-1" })).toThrow(/SWEEP_LOOKAHEAD_MS/);
  });
});

// A real worker with production's shape of schedule (a sweep every 10 s here, a minute in production):
// a step planned before a sweep and falling due between that sweep and the next reaches the provider
// when it is due, not at the next sweep (up to a whole period later before the look-ahead).
const START = Date.parse("2026-03-03T17:00:00Z"); // 12:00 in New York, a Tuesday
const EPOCH = Date.now();
const onClock = (wallMs: number) => START + (wallMs - EPOCH);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("a planned step and the sweep's period (issue 15)", () => {
  it("is sent when it falls due, not at the first sweep after that", async () => {
    const client = await makeClient(h.t.db);
    const plan = async (phone: string, dueAt: Date) => {
      const person = await makePerson(h.t.db, { contactPoints: [{ kind: "phone", phoneType: "mobile", value: phone, isPrimary: true, source: "client", consentCall: true, consentSms: true }] });
      const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: new Date(START) });
      const [step] = await h.t.db.insert(s.outreachSteps)
        .values({ caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), kind: "test", channel: "sms", templateCode: "us_first_sms", purpose: "collection", dueAt })
        .returning({ id: s.outreachSteps.id });
      return step!.id;
    };
    const sentAt = (phone: string) => h.sim.requests().find((r) => r.to === phone)?.receivedAt;
    // The first sweep shows itself by sending a step already due.
    await plan("+17185557001", new Date(onClock(Date.now()) - 60_000));
    const worker = h.spawnWorker({
      CASEBOOK_CLOCK_START: new Date(START).toISOString(), CASEBOOK_CLOCK_RATE: "1", CASEBOOK_CLOCK_EPOCH_MS: String(EPOCH),
      WORKER_NO_SCHEDULERS: "false", WORKER_QUEUES: "dispatch-sms,outreach-sweep", SWEEP_EVERY_MS: "10000", RECONCILE_EVERY_MS: "600000",
    });
    await Promise.race([worker.ready, worker.exited.then(() => { throw new Error(worker.output()); })]);
    const first = Date.parse(await waitUntil(async () => sentAt("+17185557001"), 60_000, "the first sweep's step to be sent"));
    // Planned right after that sweep, due 14 s after it: after the next sweep (10 s), well before the one after (20 s).
    const dueAt = onClock(first) + 14_000;
    const stepId = await plan("+17185557002", new Date(dueAt));
    const sent = onClock(Date.parse(await waitUntil(async () => sentAt("+17185557002"), 60_000, "the planned step to be sent").catch((e: Error) => {
      console.log(worker.output().slice(-3000));
      throw e;
    })));
    const [row] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
    expect(row!.state).toBe("dispatched");
    // Never early; late by the gate and the send only (the next sweep would have made it 6 s).
    expect(sent).toBeGreaterThanOrEqual(dueAt);
    expect(sent - dueAt).toBeLessThan(3_000);
  }, 180_000);
});
