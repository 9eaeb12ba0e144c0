import { createSignatureHeaders } from "@casebook/channels/signing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { dispatchStep, handleProviderWebhook, onCaseEvent, planOutreach, systemActor } from "../../src";
import { makeCnDebtor, makeStep, makeUsDebtor } from "./factories";
import { SIGNING_SECRET, startHarness, type OutreachHarness } from "./setup";

let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const NOON_NY = new Date("2026-03-03T17:00:00Z");

function signed(event: Record<string, unknown>, now: Date) {
  const rawBody = JSON.stringify(event);
  const headers = createSignatureHeaders({ body: rawBody, secret: SIGNING_SECRET, timestamp: Math.floor(now.getTime() / 1000) });
  return { rawBody, timestamp: headers["X-Timestamp"]!, signature: headers["X-Signature"]!, secret: SIGNING_SECRET };
}

describe("events that stop outreach", () => {
  it("a STOP reply (verified webhook) stops the next SMS; a bad signature is refused; a redelivery is a no-op", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const phone = d.person.contactPoints.find((p) => p.kind === "phone")!;
    const common = { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms" as const, templateCode: "us_followup_sms" };
    const first = await makeStep(h.t.db, { ...common, dueAt: NOON_NY, occurrence: 1 });
    expect((await dispatchStep(h.ctx(NOON_NY), { stepId: first }, h.channels)).status).toBe("sent");
    const next = await makeStep(h.t.db, { ...common, dueAt: new Date(NOON_NY.getTime() + 86_400_000), occurrence: 2 });

    const replyAt = new Date(NOON_NY.getTime() + 3_600_000);
    const event = { type: "inbound", eventId: "evt_stop_1", providerMessageId: "IN_stop_1", from: phone.value, to: "+18005550100", text: " Stop ", at: replyAt.toISOString() };
    const forged = await handleProviderWebhook(h.ctx(replyAt), { ...signed(event, replyAt), secret: "another-secret-entirely" });
    expect(forged).toEqual({ ok: false, reason: "bad_signature" });
    const noSecret = await handleProviderWebhook(h.ctx(replyAt), { ...signed(event, replyAt), secret: "" });
    expect(noSecret.ok).toBe(false);

    const applied = await handleProviderWebhook(h.ctx(replyAt), signed(event, replyAt));
    expect(applied).toMatchObject({ ok: true, kind: "inbound", result: { duplicate: false, action: "opt_out" } });
    const again = await handleProviderWebhook(h.ctx(replyAt), signed(event, replyAt));
    expect(again).toMatchObject({ ok: true, kind: "inbound", result: { duplicate: true } });

    const optOuts = await h.t.db.select().from(s.optOuts).where(eq(s.optOuts.personId, d.person.id));
    expect(optOuts).toHaveLength(1);
    const [cancelled] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, next));
    expect(cancelled!.state).toBe("cancelled");

    // Even an SMS step created afterwards (an agent's message) is blocked at the gate.
    const later = await makeStep(h.t.db, { ...common, dueAt: replyAt, occurrence: 3 });
    const r = await dispatchStep(h.ctx(new Date(replyAt.getTime() + 86_400_000)), { stepId: later }, h.channels);
    expect(r.status).toBe("blocked");
    if (r.status === "blocked") expect(r.rules).toContain("US-REGF-MEDIUM");
    expect(h.sim.requests().filter((x) => x.to === phone.value)).toHaveLength(1);

    // The one message allowed after the opt-out: its confirmation, planned once, passed by the gate, sent once.
    const confirmations = await h.t.db.select().from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, d.case.id), eq(s.outreachSteps.purpose, "opt_out_confirmation")));
    expect(confirmations).toHaveLength(1);
    expect((await dispatchStep(h.ctx(replyAt), { stepId: confirmations[0]!.id }, h.channels)).status).toBe("sent");
    const texts = h.sim.requests().filter((x) => x.to === phone.value);
    expect(texts).toHaveLength(2);
    expect(JSON.stringify(texts[1])).toContain("opted out");
    const second = { ...event, eventId: "evt_stop_2", providerMessageId: "IN_stop_2" };
    expect(await handleProviderWebhook(h.ctx(replyAt), signed(second, replyAt))).toMatchObject({ ok: true, result: { action: "opt_out" } });
    expect(await h.t.db.select().from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, d.case.id), eq(s.outreachSteps.purpose, "opt_out_confirmation")))).toHaveLength(1);
  });

  it("退订 opts a Chinese number out at once", async () => {
    const at = new Date("2026-03-04T03:00:00Z");
    const d = await makeCnDebtor(h.t.db, { now: at });
    const phone = d.person.contactPoints[0]!;
    const result = await handleProviderWebhook(h.ctx(at), signed({ type: "inbound", eventId: "evt_td_1", providerMessageId: "IN_td_1", from: phone.value, to: "+862150000000", text: "退订", at: at.toISOString() }, at));
    expect(result).toMatchObject({ ok: true, kind: "inbound", result: { action: "opt_out" } });
    const step = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms", templateCode: "cn_followup_sms", dueAt: at });
    const r = await dispatchStep(h.ctx(at), { stepId: step }, h.channels);
    expect(r.status).toBe("blocked");
    const [confirmation] = await h.t.db.select().from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, d.case.id), eq(s.outreachSteps.purpose, "opt_out_confirmation")));
    expect(confirmation!.templateCode).toBe("cn_opt_out_confirmation_sms");
    expect((await dispatchStep(h.ctx(at), { stepId: confirmation!.id }, h.channels)).status).toBe("sent");
    expect(JSON.stringify(h.sim.requests().filter((x) => x.to === phone.value).at(-1))).toContain("退订");
  });

  it("a delivery receipt appends an outcome once per event id and moves the step to delivered", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const stepId = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms", templateCode: "us_followup_sms", dueAt: NOON_NY });
    const sent = await dispatchStep(h.ctx(NOON_NY), { stepId }, h.channels);
    expect(sent.status).toBe("sent");
    if (sent.status !== "sent") return;
    const receipt = { type: "receipt", eventId: "evt_rcpt_1", providerMessageId: sent.providerMessageId, idempotencyKey: sent.dispatchId, channel: "sms", status: "delivered", at: NOON_NY.toISOString() };
    expect(await handleProviderWebhook(h.ctx(NOON_NY), signed(receipt, NOON_NY))).toMatchObject({ ok: true, kind: "receipt", result: { applied: true } });
    expect(await handleProviderWebhook(h.ctx(NOON_NY), signed(receipt, NOON_NY))).toMatchObject({ ok: true, kind: "receipt", result: { applied: false, reason: "duplicate" } });
    const outcomes = await h.t.db.select().from(s.contactOutcomes).where(eq(s.contactOutcomes.attemptId, sent.attemptId));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["delivered", "sent"]);
    const [step] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
    expect(step!.state).toBe("delivered");
  });

  it("an email bounce (SMTP 550) fails the step and invalidates the address", async () => {
    const d = await makeUsDebtor(h.t.db, {
      now: NOON_NY,
      person: { person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] }, contactPoints: [{ kind: "email", value: `bounce.${Date.now()}@example.com`, source: "client" }] },
    });
    const stepId = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "email", templateCode: "us_first_email", dueAt: NOON_NY });
    const r = await dispatchStep(h.ctx(NOON_NY), { stepId }, h.channels);
    expect(r).toMatchObject({ status: "failed", reason: "recipient_rejected" });
    const [point] = await h.t.db.select().from(s.contactPoints).where(eq(s.contactPoints.personId, d.person.id));
    expect(point!.status).toBe("bounced");
  });

  it("a dispute opened mid-cadence stops the next step", async () => {
    // 20 days past due: the case enters follow-up and the next two days of its cadence are planned (the
    // planner's horizon: a call today, an SMS tomorrow, a letter the day after; later walks plan the rest).
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY, dueDate: "2026-02-11" });
    const ctx = h.ctx(NOON_NY);
    const plan = await planOutreach(ctx, { caseId: d.case.id });
    expect(plan.stage).toBe("follow_up");
    expect(plan.planned).toBe(3);
    const [firstCall] = await h.t.db
      .select()
      .from(s.outreachSteps)
      .where(and(eq(s.outreachSteps.caseId, d.case.id), eq(s.outreachSteps.channel, "call")))
      .orderBy(s.outreachSteps.dueAt)
      .limit(1);
    expect((await dispatchStep(h.ctx(new Date("2026-03-03T19:00:00Z")), { stepId: firstCall!.id }, h.channels)).status).toBe("sent");

    const disputeAt = new Date("2026-03-03T20:00:00Z");
    await h.t.db.transaction(async (tx) => {
      await tx.insert(s.disputes).values({ caseId: d.case.id, accountId: d.accountIds[0]!, receivedVia: "written", reason: "not mine", openedAt: disputeAt });
      const effect = await onCaseEvent(tx, systemActor("test"), { caseId: d.case.id, event: "dispute_opened", now: disputeAt });
      // Every planned step but the call just sent.
      expect(effect.cancelled).toBe(plan.planned - 1);
    });
    const open = await h.t.db.select().from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, d.case.id), eq(s.outreachSteps.state, "planned")));
    expect(open).toHaveLength(0);
    // Nor does a later walk plan the cadence's next days while the dispute is open.
    expect((await planOutreach(h.ctx(new Date("2026-03-07T17:00:00Z")), { caseId: d.case.id })).planned).toBe(0);
    // And the gate itself refuses, should a step slip through (an agent's message queued before).
    const slipped = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms", templateCode: "us_followup_sms", dueAt: disputeAt });
    const r = await dispatchStep(h.ctx(new Date("2026-03-04T17:00:00Z")), { stepId: slipped }, h.channels);
    expect(r.status).toBe("blocked");
    if (r.status === "blocked") expect(r.rules).toContain("US-REGF-DISPUTE");
  });

  it("a promise pauses calls until its date; a broken promise returns the case to follow-up", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY, dueDate: "2026-02-11" });
    await planOutreach(h.ctx(NOON_NY), { caseId: d.case.id });
    await h.t.db.transaction(async (tx) => {
      await tx.insert(s.promises).values({ caseId: d.case.id, accountIds: d.accountIds, amountMinor: 5000, currency: "USD", dueDate: "2026-03-10" });
      const effect = await onCaseEvent(tx, systemActor("test"), { caseId: d.case.id, event: "promise_made", now: NOON_NY });
      expect(effect.postponed).toBeGreaterThan(0);
    });
    const calls = await h.t.db.select().from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, d.case.id), eq(s.outreachSteps.channel, "call"), eq(s.outreachSteps.state, "planned")));
    // Calls resume the day after the promise date (midnight in New York).
    expect(Math.min(...calls.map((c) => c.dueAt.getTime()))).toBeGreaterThanOrEqual(new Date("2026-03-11T04:00:00Z").getTime());

    const broken = new Date("2026-03-11T15:00:00Z");
    await h.t.db.transaction((tx) => onCaseEvent(tx, systemActor("test"), { caseId: d.case.id, event: "promise_broken", now: broken }));
    const [c] = await h.t.db.select().from(s.cases).where(eq(s.cases.id, d.case.id));
    expect(c!.stage).toBe("follow_up");
    expect(c!.pausedUntil).toBeNull();
    expect(c!.stageEnteredAt!.toISOString()).toBe(broken.toISOString());
  });
});
