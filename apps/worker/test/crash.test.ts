import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { enqueueDispatchStep, enqueueReconcile, readDeadLetters } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const START = Date.parse("2026-03-03T17:00:00Z"); // 12:00 in New York

describe("a worker killed after the claim, before the provider's answer", () => {
  it("is restarted without a double send; the step ends sent, reconciled with the provider by dispatch id", async () => {
    const client = await makeClient(h.t.db);
    const person = await makePerson(h.t.db, {
      person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
      contactPoints: [{ kind: "phone", phoneType: "mobile", value: "+17185550199", isPrimary: true, source: "client", consentCall: true, consentSms: true }],
    });
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: new Date(START) });
    const [step] = await h.t.db
      .insert(s.outreachSteps)
      .values({ caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), channel: "sms", templateCode: "us_first_sms", purpose: "collection", dueAt: new Date(START) })
      .returning();

    const env = { CASEBOOK_CLOCK_START: new Date(START).toISOString(), CASEBOOK_CLOCK_RATE: "1", CASEBOOK_CLOCK_EPOCH_MS: String(Date.now()), WORKER_LOCK_MS: "2000", PROVIDER_TIMEOUT_MS: "60000", WORKER_QUEUES: "dispatch-sms,outreach-sweep" };
    // The provider records the message but its answer never arrives.
    h.sim.hangNext(1, { accept: true });
    const first = h.spawnWorker(env);
    await first.ready;
    await enqueueDispatchStep(h.producer, { channel: "sms", stepId: step!.id, version: 0 });
    await waitUntil(async () => h.sim.hits().some((x) => x.status === "hung"), 30_000, "the send to hang");
    const [claimed] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, step!.id));
    expect(claimed!.state).toBe("claimed");
    first.child.kill("SIGKILL");
    await first.exited;

    // A new worker takes the stalled job over: the step is claimed with no outcome, so it is not
    // resent but marked for reconciliation; the reconciler asks the provider by dispatch id.
    const second = h.spawnWorker(env);
    await second.ready;
    await waitUntil(async () => {
      const [row] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, step!.id));
      return row!.state === "reconcile" ? row : undefined;
    }, 45_000, "the step to be marked for reconciliation");
    await enqueueReconcile(h.producer, {}, new Date());
    const done = await waitUntil(async () => {
      const [row] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, step!.id));
      return row!.state === "dispatched" || row!.state === "delivered" ? row : undefined;
    }, 30_000, "the reconciler").catch((e: Error) => {
      console.log(second.output().slice(-3000), JSON.stringify(h.sim.hits().slice(-5)));
      throw e;
    });

    const posts = h.sim.hits().filter((x) => x.method === "POST" && x.idempotencyKey === done.dispatchId);
    expect(posts).toHaveLength(1);
    expect(h.sim.requests().filter((r) => r.idempotencyKey === done.dispatchId)).toHaveLength(1);
    const attempts = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, step!.id));
    expect(attempts).toHaveLength(1);
    const outcomes = await h.t.db.select().from(s.contactOutcomes).where(eq(s.contactOutcomes.attemptId, attempts[0]!.id));
    // The provider had accepted (and by now delivered) it: the reconciler records its answer.
    expect(outcomes.map((o) => `${o.outcome}:${o.source}`).sort()).toEqual([`${done.state === "delivered" ? "delivered" : "sent"}:reconciler`, "unknown:worker"]);
    expect(await readDeadLetters(h.redis, h.prefix)).toHaveLength(0);
  });
});
