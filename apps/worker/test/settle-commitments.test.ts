import { and, eq, gte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { createPaymentPlan, planOutreach, postPayment, recordPromise } from "@casebook/domain";
import { JOBS, QUEUES } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness } from "./harness";

// Promises and plans keep themselves (issue 17): the worker's maintenance job, on a real queue (its own
// prefix) against a real database, with the worker's clock moved a week past the promises' dates.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => h?.close());

const MADE = new Date("2026-03-03T17:00:00Z"); // noon in New York
const LATER = new Date("2026-03-10T17:00:00Z"); // a week on: 2026-03-05 + 3 grace days has passed

async function usCase(graceDays?: number) {
  const client = await makeClient(h.t.db, graceDays === undefined ? {} : { policy: { settlementFloorBps: 7000, planMaxInstallments: 12, planMaxMonths: 12, planMinInstallmentMinor: 2500, promiseMaxDays: 30, commissionBps: 2000, callbackNumbers: { default: "+18005550100" }, paymentGraceDays: graceDays } });
  const n = String(Math.floor(Math.random() * 9000) + 1000);
  const person = await makePerson(h.t.db, {
    person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
    contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+1718555${n}`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
  });
  // 20 days past due: follow-up, its cadence planned.
  const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: MADE, accounts: [{ dueDate: "2026-02-11", delinquencyDate: "2026-02-11", jurisdiction: "US-NY" }] });
  await planOutreach(h.ctx(MADE), { caseId: c.id });
  return c;
}

describe("settle-commitments (worker maintenance job)", () => {
  it("marks an unpaid promise broken and plans the strategy's next step; a paid one kept; one in grace stays; a missed installment breaks its plan", async () => {
    const ctx = h.ctx(MADE);
    const unpaid = await usCase();
    const { promiseId: brokenId } = await recordPromise(ctx, { caseId: unpaid.id, amountMinor: 5000, dueDate: "2026-03-05" });
    const paid = await usCase();
    const { promiseId: keptId } = await recordPromise(ctx, { caseId: paid.id, amountMinor: 5000, dueDate: "2026-03-05" });
    // Paid in full after the promise was recorded: kept by the payment itself, left alone by the job.
    await postPayment(h.ctx(new Date(MADE.getTime() + 60_000)), { caseId: paid.id, amountMinor: 5000, method: "card", reference: "sim-1" });
    // A promise whose grace (10 days by this client's policy) has not run out yet.
    const lenient = await usCase(10);
    const { promiseId: graceId } = await recordPromise(ctx, { caseId: lenient.id, amountMinor: 5000, dueDate: "2026-03-05" });
    const onPlan = await usCase();
    const plan = await createPaymentPlan(ctx, { caseId: onPlan.id, totalMinor: 123_456, installmentCount: 3, frequency: "monthly", firstDueDate: "2026-03-05" });
    expect(plan.status).toBe("active");

    const calls = async (caseId: string) => h.t.db.select({ dueAt: s.outreachSteps.dueAt }).from(s.outreachSteps)
      .where(and(eq(s.outreachSteps.caseId, caseId), eq(s.outreachSteps.channel, "call"), eq(s.outreachSteps.state, "planned")));
    // The promise paused calls until the day after its date.
    expect(Math.min(...(await calls(unpaid.id)).map((x) => x.dueAt.getTime()))).toBeGreaterThanOrEqual(Date.parse("2026-03-06T05:00:00Z"));

    // The steps planned before the job (the promise's pause): the reaction must plan new ones.
    const plannedBefore = (await h.t.db.select({ id: s.outreachSteps.id }).from(s.outreachSteps)
      .where(and(eq(s.outreachSteps.caseId, unpaid.id), eq(s.outreachSteps.state, "planned")))).map((x) => x.id);
    expect(plannedBefore.length).toBeGreaterThan(0);

    const worker = h.spawnWorker({ CASEBOOK_CLOCK_START: LATER.toISOString(), WORKER_QUEUES: QUEUES.maintenance });
    await worker.ready;
    await h.producer.queue(QUEUES.maintenance).add(JOBS.settleCommitments, {}, { jobId: "settle-1", attempts: 1 });
    const status = async (id: string) => (await h.t.db.select({ status: s.promises.status }).from(s.promises).where(eq(s.promises.id, id)))[0]!.status;
    await waitUntil(async () => (await status(brokenId)) === "broken", 30_000, "the promise to be marked broken");
    const job = await h.producer.queue(QUEUES.maintenance).getJob("settle-1");
    await waitUntil(async () => (await job!.getState()) === "completed", 10_000, "the job to complete");

    expect(await status(keptId)).toBe("kept");
    expect(await status(graceId)).toBe("pending");

    // The broken promise is a case event the strategy reacted to: back in follow-up at the worker's
    // (moved) time, the pause lifted, and its next steps planned from then on.
    const [c] = await h.t.db.select().from(s.cases).where(eq(s.cases.id, unpaid.id));
    expect(c!.stage).toBe("follow_up");
    expect(c!.pausedUntil).toBeNull();
    expect(c!.stageEnteredAt!.getTime()).toBeGreaterThanOrEqual(LATER.getTime());
    const planned = await h.t.db.select().from(s.outreachSteps)
      .where(and(eq(s.outreachSteps.caseId, unpaid.id), eq(s.outreachSteps.state, "planned"), gte(s.outreachSteps.dueAt, LATER)));
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.filter((x) => !plannedBefore.includes(x.id)).length).toBeGreaterThan(0);
    const [account] = await h.t.db.select({ status: s.accounts.status }).from(s.accounts).where(eq(s.accounts.id, unpaid.accounts[0]!.id));
    expect(account!.status).toBe("active");

    const [installment] = await h.t.db.select().from(s.planInstallments).where(and(eq(s.planInstallments.planId, plan.planId), eq(s.planInstallments.seq, 1)));
    expect(installment!.status).toBe("missed");
    const [brokenPlan] = await h.t.db.select().from(s.paymentPlans).where(eq(s.paymentPlans.id, plan.planId));
    expect(brokenPlan!.status).toBe("broken");

    const audits = await h.t.sql<{ action: string; case_id: string; details: Record<string, unknown> }[]>`
      select action, case_id, details from audit_events where action in ('promise.broken', 'promise.kept', 'plan.installment_missed', 'outreach.event') and at >= ${LATER.toISOString()}::timestamptz`;
    expect(audits.find((a) => a.action === "promise.broken")).toMatchObject({ case_id: unpaid.id, details: { graceDays: 3, paidMinor: 0 } });
    expect(audits.some((a) => a.case_id === paid.id)).toBe(false);
    expect(audits.find((a) => a.action === "plan.installment_missed")).toMatchObject({ case_id: onPlan.id });
    expect(audits.filter((a) => a.action === "outreach.event").map((a) => a.details.event).sort()).toEqual(["installment_missed", "promise_broken"]);
    expect(audits.some((a) => a.case_id === lenient.id)).toBe(false);

    // A second run decides nothing again.
    await h.producer.queue(QUEUES.maintenance).add(JOBS.settleCommitments, {}, { jobId: "settle-2", attempts: 1 });
    const again = await h.producer.queue(QUEUES.maintenance).getJob("settle-2");
    await waitUntil(async () => (await again!.getState()) === "completed", 30_000, "the second run");
    expect(again!.data).toEqual({});
    expect((await again!.getState())).toBe("completed");
    const rerun = await h.t.sql`select count(*)::int as n from audit_events where action like 'promise.%' and action <> 'promise.record'`;
    expect(rerun[0]!.n).toBe(1);
  }, 120_000);
});
