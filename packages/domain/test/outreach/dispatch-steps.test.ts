import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { defaultClientPolicy, makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { CLAIM_IN_FLIGHT_MS, dispatchStep, dispatchSteps } from "../../src";
import type { Channels } from "@casebook/channels";
import { makeStep } from "./factories";
import { startHarness, type OutreachHarness } from "./setup";

// Issue 15: a dispatch batch is gated as a set. Decisions within one batch for the same person see
// each other, and a batch is claimed exactly once however many dispatchers hold it.
const NOON_NY = new Date("2026-03-03T17:00:00Z"); // a Tuesday, inside calling hours
let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/** A New York debtor of `clientId` with one mobile, `value`, and an SMS step to it due at `dueAt`. */
async function smsStepTo(clientId: string, value: string, dueAt: Date): Promise<string> {
  const person = await makePerson(h.t.db, {
    person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
    contactPoints: [{ kind: "phone", phoneType: "mobile", value, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
  });
  const c = await makeCase(h.t.db, { clientId, personId: person.id, now: NOON_NY });
  return makeStep(h.t.db, {
    caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), kind: "test", channel: "sms", templateCode: "us_first_sms", dueAt,
  });
}

describe("dispatchSteps: a batch gated as a set", () => {
  it("five calls of one person in one batch, under a client's cap of 3 calls in 7 days: 3 sent, 2 deferred by the cap", async () => {
    const client = await makeClient(h.t.db, { policy: { ...defaultClientPolicy, compliance: { maxCallsPer7Days: 3 } } });
    // Five numbers, so no rule but the cap stands between the calls (US-REGF-PATTERN spaces calls to one number).
    const numbers = Array.from({ length: 5 }, (_, i) => `+1718556${String(1000 + i)}`);
    const person = await makePerson(h.t.db, {
      person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
      contactPoints: numbers.map((value, i) => ({ kind: "phone" as const, phoneType: "mobile" as const, value, isPrimary: i === 0, source: "client" as const, consentCall: true, consentSms: true })),
    });
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: NOON_NY });
    const stepIds: string[] = [];
    for (const [i, point] of person.contactPoints.entries()) {
      stepIds.push(await makeStep(h.t.db, {
        caseId: c.id, personId: person.id, partyPersonId: person.id, contactPointId: point.id, accountIds: c.accounts.map((a) => a.id), occurrence: i + 1,
        kind: "test", channel: "call", templateCode: "us_call_script", autodialed: true, dueAt: new Date(NOON_NY.getTime() - 60_000),
      }));
    }

    const results = await dispatchSteps(h.ctx(NOON_NY), { stepIds }, h.channels);

    const statuses = stepIds.map((id) => results.get(id)!.status);
    expect(statuses.filter((st) => st === "sent")).toHaveLength(3);
    expect(statuses.filter((st) => st === "deferred")).toHaveLength(2);
    for (const id of stepIds) {
      const r = results.get(id)!;
      if (r.status === "deferred") expect(r.rules).toContain("US-REGF-FREQ-7IN7");
    }
    // The ledger agrees: three claims, three calls placed, the deferred steps wait with their decision.
    const attempts = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.personId, person.id));
    expect(attempts).toHaveLength(3);
    expect(h.sim.requests().filter((r) => numbers.includes(r.to))).toHaveLength(3);
    const steps = await h.t.db.select().from(s.outreachSteps).where(inArray(s.outreachSteps.id, stepIds));
    expect(steps.filter((st) => st.state === "deferred").every((st) => st.reason === "compliance_deferred" && st.lastDecisionId !== null)).toBe(true);
  });

  it("two dispatchers holding the same batch claim and send each step once", async () => {
    const client = await makeClient(h.t.db);
    const stepIds: string[] = [];
    const numbers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const value = `+1718557${String(2000 + i)}`;
      numbers.push(value);
      stepIds.push(await smsStepTo(client.id, value, new Date(NOON_NY.getTime() - 60_000)));
    }

    const [a, b] = await Promise.all([
      dispatchSteps(h.ctx(NOON_NY), { stepIds }, h.channels),
      dispatchSteps(h.ctx(NOON_NY), { stepIds: [...stepIds].reverse() }, h.channels),
    ]);

    for (const id of stepIds) expect([a.get(id)!.status, b.get(id)!.status].sort()).toEqual(["sent", "skipped"]);
    const attempts = await h.t.db.select().from(s.contactAttempts).where(inArray(s.contactAttempts.outreachStepId, stepIds));
    expect(attempts).toHaveLength(10);
    const records = h.sim.requests().filter((r) => numbers.includes(r.to));
    expect(records).toHaveLength(10);
    expect(new Set(records.map((r) => r.idempotencyKey)).size).toBe(10);
  });

  describe("a step another dispatcher claimed and is still sending", () => {
    let held = 0;
    /** One sms step due now, and channels whose sms send waits until `release()` (the holder in flight). */
    async function heldSend() {
      const client = await makeClient(h.t.db);
      const value = `+1718558${String(3000 + held++)}`;
      const stepId = await smsStepTo(client.id, value, new Date(NOON_NY.getTime() - 60_000));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const holding: Channels = { ...h.channels, sms: { ...h.channels.sms, send: async (msg, opts) => { await released; return h.channels.sms.send(msg, opts); } } };
      const stepRow = async () => (await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId)))[0]!;
      return { stepId, value, holding, release, stepRow };
    }

    async function untilClaimed(stepRow: () => Promise<{ state: string }>) {
      for (let i = 0; i < 200 && (await stepRow()).state !== "claimed"; i++) await new Promise((r) => setTimeout(r, 25));
      expect((await stepRow()).state).toBe("claimed");
    }

    it("is left to its holder while the claim is fresh: skipped, no unknown outcome, one send", async () => {
      const { stepId, value, holding, release, stepRow } = await heldSend();
      const holder = dispatchSteps(h.ctx(NOON_NY), { stepIds: [stepId] }, holding);
      await untilClaimed(stepRow);

      const other = await dispatchSteps(h.ctx(new Date(NOON_NY.getTime() + CLAIM_IN_FLIGHT_MS - 1_000)), { stepIds: [stepId] }, h.channels);
      expect(other.get(stepId)).toEqual({ status: "skipped", state: "claimed" });
      expect((await stepRow()).state).toBe("claimed");

      release();
      expect((await holder).get(stepId)!.status).toBe("sent");
      const attempts = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, stepId));
      expect(attempts).toHaveLength(1);
      const outcomes = await h.t.db.select().from(s.contactOutcomes).where(eq(s.contactOutcomes.attemptId, attempts[0]!.id));
      expect(outcomes.map((o) => o.outcome)).not.toContain("unknown");
      expect(h.sim.requests().filter((r) => r.to === value)).toHaveLength(1);
    });

    it("is reconciled once the claim is older than a holder can take (its holder died), never resent", async () => {
      const { stepId, value, holding, release, stepRow } = await heldSend();
      const holder = dispatchSteps(h.ctx(NOON_NY), { stepIds: [stepId] }, holding);
      await untilClaimed(stepRow);

      const later = await dispatchSteps(h.ctx(new Date(NOON_NY.getTime() + CLAIM_IN_FLIGHT_MS)), { stepIds: [stepId] }, h.channels);
      expect(later.get(stepId)!.status).toBe("reconcile");
      expect((await stepRow()).state).toBe("reconcile");
      expect(h.sim.requests().filter((r) => r.to === value)).toHaveLength(0);

      // The presumed-dead holder comes back after all: its answer is recorded, and the step is sent once.
      release();
      expect((await holder).get(stepId)!.status).toBe("sent");
      expect(h.sim.requests().filter((r) => r.to === value)).toHaveLength(1);
      expect(["dispatched", "delivered"]).toContain((await stepRow()).state);
    });
  });

  it("a worker whose clock is behind never sends a step before it is due (swept by a worker whose clock is ahead)", async () => {
    const client = await makeClient(h.t.db);
    const numbers = ["+17185594001", "+17185594002"];
    const stepIds: string[] = [];
    for (const value of numbers) stepIds.push(await smsStepTo(client.id, value, new Date(NOON_NY.getTime() + 30 * 60_000)));
    const [batchStep, singleStep] = stepIds as [string, string];

    // Half an hour early by this worker's clock: neither path gates, claims or sends it.
    expect((await dispatchSteps(h.ctx(NOON_NY), { stepIds: [batchStep] }, h.channels)).get(batchStep)).toEqual({ status: "skipped", state: "not_due" });
    expect(await dispatchStep(h.ctx(NOON_NY), { stepId: singleStep }, h.channels)).toEqual({ status: "skipped", state: "not_due" });
    expect(await h.t.db.select().from(s.complianceDecisions).where(inArray(s.complianceDecisions.outreachStepId, stepIds))).toHaveLength(0);
    expect(await h.t.db.select().from(s.contactAttempts).where(inArray(s.contactAttempts.outreachStepId, stepIds))).toHaveLength(0);
    expect(h.sim.requests().filter((r) => numbers.includes(r.to))).toHaveLength(0);
    const early = await h.t.db.select().from(s.outreachSteps).where(inArray(s.outreachSteps.id, stepIds));
    expect(early.map((st) => st.state)).toEqual(["planned", "planned"]);

    // Once due, both go.
    const due = new Date(NOON_NY.getTime() + 30 * 60_000);
    expect((await dispatchSteps(h.ctx(due), { stepIds: [batchStep] }, h.channels)).get(batchStep)!.status).toBe("sent");
    expect((await dispatchStep(h.ctx(due), { stepId: singleStep }, h.channels)).status).toBe("sent");
    expect(h.sim.requests().filter((r) => numbers.includes(r.to))).toHaveLength(2);
  });

  describe("claims whose sends met a provider outage (the worker's retry batch)", () => {
    it("are resent in the set with their own dispatch ids: one claim and one provider record each", async () => {
      const client = await makeClient(h.t.db);
      const numbers = ["+17185595001", "+17185595002", "+17185595003"];
      const stepIds: string[] = [];
      for (const value of numbers) stepIds.push(await smsStepTo(client.id, value, new Date(NOON_NY.getTime() - 60_000)));

      h.sim.failNext(numbers.length, 503);
      const refused = await dispatchSteps(h.ctx(NOON_NY), { stepIds }, h.channels);
      expect(stepIds.map((id) => refused.get(id)!.status)).toEqual(["retrying", "retrying", "retrying"]);
      const claimed = await h.t.db.select().from(s.outreachSteps).where(inArray(s.outreachSteps.id, stepIds));
      expect(claimed.map((st) => `${st.state}:${st.reason}`)).toEqual(stepIds.map(() => "claimed:provider_unavailable"));

      const retried = await dispatchSteps(h.ctx(new Date(NOON_NY.getTime() + 60_000)), { stepIds }, h.channels);
      for (const step of claimed) {
        expect(retried.get(step.id)).toMatchObject({ status: "sent", dispatchId: step.dispatchId });
        expect(h.sim.requests().filter((r) => r.idempotencyKey === step.dispatchId)).toHaveLength(1);
      }
      expect(h.sim.requests().filter((r) => numbers.includes(r.to))).toHaveLength(3);
      expect(await h.t.db.select().from(s.contactAttempts).where(inArray(s.contactAttempts.outreachStepId, stepIds))).toHaveLength(3);
    });

    it("one whose decision no longer holds (calling hours ended meanwhile) is released, never resent", async () => {
      const client = await makeClient(h.t.db);
      const value = "+17185595101";
      const lateNy = new Date("2026-03-04T01:55:00Z"); // 20:55 in New York
      const stepId = await smsStepTo(client.id, value, new Date(lateNy.getTime() - 60_000));
      h.sim.failNext(1, 503);
      expect((await dispatchSteps(h.ctx(lateNy), { stepIds: [stepId] }, h.channels)).get(stepId)!.status).toBe("retrying");

      const after = await dispatchSteps(h.ctx(new Date(lateNy.getTime() + 6 * 60_000)), { stepIds: [stepId] }, h.channels); // 21:01
      expect(after.get(stepId)!.status).toBe("deferred");
      const [row] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
      expect({ state: row!.state, reason: row!.reason, dispatchId: row!.dispatchId }).toEqual({ state: "deferred", reason: "stale_decision", dispatchId: null });
      expect(h.sim.requests().filter((r) => r.to === value)).toHaveLength(0);
    });
  });
});
