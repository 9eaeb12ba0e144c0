import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { dispatchStep, gateContact, previewContact, REFERENCE_CODE_RE, RetryableDispatchError } from "../../src";
import { addPastCalls, makeCnDebtor, makeEmergencyContact, makeStep, makeUsDebtor } from "./factories";
import { startHarness, type OutreachHarness } from "./setup";

let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
  // A debt-revealing script someone might wrongly point at an emergency contact.
  await h.t.db.insert(s.templates).values([
    { code: "test_ec_debt_call", channel: "call", language: "en", ruleSet: "US-FDCPA", purpose: "location", discloses: "debt", hasOptOut: true, identifiesCollector: true, body: "Tell {{debtorFullName}} they owe {{amountDue}} to {{creditorName}}. Ref {{referenceCode}}." },
    { code: "test_ec_debt_call", channel: "call", language: "zh-CN", ruleSet: "CN-CBA", purpose: "location", discloses: "debt", hasOptOut: true, identifiesCollector: true, body: "请转告{{debtorFullName}}欠款{{amountDue}}。参考编号 {{referenceCode}}。" },
  ]);
});
afterAll(async () => h?.close());

// Tuesday 2026-03-03 13:00 in New York (EST), 02:00 the next day in Shanghai.
const US_AFTERNOON = new Date("2026-03-03T18:00:00Z");
// 11:00 in Shanghai.
const CN_MORNING = new Date("2026-03-04T03:00:00Z");

describe("the gate", () => {
  it("claims an allowed contact: one ledger row with a dispatch id and an 8-character Crockford reference code; a refusal stores only the decision", async () => {
    const d = await makeUsDebtor(h.t.db, { now: US_AFTERNOON });
    const phone = d.person.contactPoints.find((p) => p.kind === "phone")!;
    const allowed = await gateContact(h.ctx(US_AFTERNOON), { caseId: d.case.id, contactPointId: phone.id, channel: "call", purpose: "collection", content: { disclosesDebt: true, identifiesCollector: true, hasOptOut: true } });
    expect(allowed.outcome).toBe("allow");
    if (allowed.outcome !== "allow") return;
    expect(allowed.attempt.referenceCode).toMatch(REFERENCE_CODE_RE);
    const [row] = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.id, allowed.attempt.id));
    expect(row!.dispatchId).toBe(allowed.attempt.dispatchId);
    expect(row!.decisionId).toBe(allowed.decisionId);

    // At 22:00 in New York the same call is deferred to 08:00 the next morning; nothing is claimed.
    const late = new Date("2026-03-04T03:00:00Z");
    const preview = await previewContact(h.ctx(late), { caseId: d.case.id, contactPointId: phone.id, channel: "call", purpose: "collection", content: { disclosesDebt: true, identifiesCollector: true, hasOptOut: true } });
    expect(preview.decision.decision).toBe("defer");
    const refused = await gateContact(h.ctx(late), { caseId: d.case.id, contactPointId: phone.id, channel: "call", purpose: "collection", content: { disclosesDebt: true, identifiesCollector: true, hasOptOut: true } });
    expect(refused.outcome).toBe("defer");
    if (refused.outcome !== "defer") return;
    expect(refused.refusal.notBefore).toBe("2026-03-04T13:00:00.000Z");
    const attempts = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.caseId, d.case.id));
    expect(attempts).toHaveLength(1);
    const [decision] = await h.t.db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.id, refused.decisionId));
    expect(decision!.decision).toBe("defer");
    expect((decision!.request as { now: string }).now).toBe(late.toISOString());
  });

  it("a debtor with an Eastern phone and a Pacific address receives nothing before 11:00 Eastern", async () => {
    const d = await makeUsDebtor(h.t.db, {
      now: US_AFTERNOON,
      person: {
        person: { region: "CA", postalCode: "94103", timeZones: [] },
        contactPoints: [{ kind: "phone", phoneType: "mobile", value: "+12125550187", isPrimary: true, source: "client", consentCall: true, consentSms: true }],
      },
    });
    const stepId = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms", templateCode: "us_first_sms", dueAt: new Date("2026-03-03T13:00:00Z") });
    // 09:00 Eastern = 06:00 Pacific: deferred to 11:00 Eastern = 08:00 Pacific.
    const r = await dispatchStep(h.ctx(new Date("2026-03-03T14:00:00Z")), { stepId }, h.channels);
    expect(r.status).toBe("deferred");
    if (r.status === "deferred") expect(r.notBefore).toBe("2026-03-03T16:00:00.000Z");
    // Offered again at 10:59 Eastern it is not due yet (the deferral moved it to 11:00): left alone.
    expect(await dispatchStep(h.ctx(new Date("2026-03-03T15:59:00Z")), { stepId }, h.channels)).toEqual({ status: "skipped", state: "not_due" });
    // Another step due at 10:30 Eastern = 07:30 Pacific, offered at 10:59 Eastern: deferred to 11:00 Eastern too.
    const later = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms", templateCode: "us_first_sms", dueAt: new Date("2026-03-03T15:30:00Z"), occurrence: 2 });
    const r2 = await dispatchStep(h.ctx(new Date("2026-03-03T15:59:00Z")), { stepId: later }, h.channels);
    expect(r2.status).toBe("deferred");
    if (r2.status === "deferred") expect(r2.notBefore).toBe("2026-03-03T16:00:00.000Z");
    expect(h.sim.requests().filter((r) => r.to === "+12125550187")).toHaveLength(0);
    const sent = await dispatchStep(h.ctx(new Date("2026-03-03T16:00:00Z")), { stepId }, h.channels);
    expect(sent.status).toBe("sent");
    const records = h.sim.requests().filter((r) => r.to === "+12125550187");
    expect(records).toHaveLength(1);
    const [step] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
    expect(step!.state).toBe("dispatched");
    expect(records[0]!.idempotencyKey).toBe(step!.dispatchId);
    const [attempt] = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.dispatchId, step!.dispatchId!));
    expect(attempt!.startedAt.toISOString()).toBe("2026-03-03T16:00:00.000Z");
    expect(records[0]!.text).toContain(attempt!.referenceCode);
  });

  it("an emergency contact: a debt-revealing template is blocked; the location-only one is sent once; a second is blocked", async () => {
    const d = await makeUsDebtor(h.t.db, { now: US_AFTERNOON });
    const ec = await makeEmergencyContact(h.t.db, d.person.id, "US");
    const base = { caseId: d.case.id, personId: d.person.id, partyPersonId: ec.id, partyRole: "emergency_contact" as const, accountIds: d.accountIds, channel: "call" as const, purpose: "location" as const, dueAt: US_AFTERNOON };
    const revealing = await makeStep(h.t.db, { ...base, templateCode: "test_ec_debt_call", occurrence: 1 });
    const r1 = await dispatchStep(h.ctx(US_AFTERNOON), { stepId: revealing }, h.channels);
    expect(r1.status).toBe("blocked");
    if (r1.status === "blocked") expect(r1.rules).toEqual(expect.arrayContaining(["US-REGF-LOC"]));

    const first = await makeStep(h.t.db, { ...base, templateCode: "us_location_call", occurrence: 2 });
    const r2 = await dispatchStep(h.ctx(new Date(US_AFTERNOON.getTime() + 60_000)), { stepId: first }, h.channels);
    expect(r2.status).toBe("sent");

    const second = await makeStep(h.t.db, { ...base, templateCode: "us_location_call", occurrence: 3 });
    const r3 = await dispatchStep(h.ctx(new Date(US_AFTERNOON.getTime() + 3_600_000)), { stepId: second }, h.channels);
    expect(r3.status).toBe("blocked");
    if (r3.status === "blocked") expect(r3.rules).toContain("US-REGF-LOC");

    const toEc = h.sim.requests().filter((r) => r.to === ec.contactPoints[0]!.value);
    expect(toEc).toHaveLength(1);
    expect(toEc[0]!.text).not.toMatch(/\$|owe|debt/i);
    const blocked = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, second));
    expect(blocked[0]!.state).toBe("blocked");
    expect(blocked[0]!.reason).toBe("compliance_blocked");
    const [decision] = await h.t.db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.id, blocked[0]!.lastDecisionId!));
    expect(JSON.stringify(decision!.results)).toContain("US-REGF-LOC");
  });

  it("China: an emergency contact is reached only while the debtor is unreachable, only with the location-only script", async () => {
    const d = await makeCnDebtor(h.t.db, { now: CN_MORNING });
    const ec = await makeEmergencyContact(h.t.db, d.person.id, "CN");
    const base = { caseId: d.case.id, personId: d.person.id, partyPersonId: ec.id, partyRole: "emergency_contact" as const, accountIds: d.accountIds, channel: "call" as const, purpose: "location" as const, dueAt: CN_MORNING };
    const revealing = await makeStep(h.t.db, { ...base, templateCode: "test_ec_debt_call", occurrence: 1 });
    const r1 = await dispatchStep(h.ctx(CN_MORNING), { stepId: revealing }, h.channels);
    expect(r1.status).toBe("blocked");
    if (r1.status === "blocked") expect(r1.rules).toContain("CN-3P-CONTACTS");

    // The debtor is still reachable (no failed calls): blocked even with the right script.
    const early = await makeStep(h.t.db, { ...base, templateCode: "cn_ec_location_call", occurrence: 2 });
    const r2 = await dispatchStep(h.ctx(CN_MORNING), { stepId: early }, h.channels);
    expect(r2.status).toBe("blocked");

    const phone = d.person.contactPoints[0]!;
    await addPastCalls(h.t.db, { caseId: d.case.id, personId: d.person.id, contactPointId: phone.id, address: phone.value, accountIds: d.accountIds, outcome: "no_answer", at: [1, 2, 3].map((h) => new Date(CN_MORNING.getTime() - h * 20 * 3_600_000)) });
    const ok = await makeStep(h.t.db, { ...base, templateCode: "cn_ec_location_call", occurrence: 3 });
    const r3 = await dispatchStep(h.ctx(CN_MORNING), { stepId: ok }, h.channels);
    expect(r3.status).toBe("sent");
    const toEc = h.sim.requests().filter((r) => r.to === ec.contactPoints[0]!.value);
    expect(toEc).toHaveLength(1);
    expect(toEc[0]!.text).not.toContain("欠");
    expect(toEc[0]!.language).toBe("zh-CN");

    // Ten days on the debtor is still unreachable, but the contact was asked already (CN-3P-ONCE):
    // the automated call counts as having asked them whatever its receipt says.
    const later = new Date(CN_MORNING.getTime() + 10 * 86_400_000);
    await addPastCalls(h.t.db, { caseId: d.case.id, personId: d.person.id, contactPointId: phone.id, address: phone.value, accountIds: d.accountIds, outcome: "no_answer", at: [1, 2, 3].map((h) => new Date(later.getTime() - h * 20 * 3_600_000)) });
    const again = await makeStep(h.t.db, { ...base, templateCode: "cn_ec_location_call", occurrence: 4, dueAt: later });
    const r4 = await dispatchStep(h.ctx(later), { stepId: again }, h.channels);
    expect(r4.status).toBe("blocked");
    if (r4.status === "blocked") expect(r4.rules).toEqual(["CN-3P-ONCE"]);
    expect(h.sim.requests().filter((r) => r.to === ec.contactPoints[0]!.value)).toHaveLength(1);
  });
});

describe("a resend after a definite transient failure", () => {
  it("never goes out once the claim's decision no longer holds: the attempt ends failed and the gate decides afresh later", async () => {
    // 20:58 in New York (EST): inside the window, two minutes to go.
    const claimAt = new Date("2026-03-04T01:58:00Z");
    const d = await makeUsDebtor(h.t.db, { now: US_AFTERNOON });
    const stepId = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms", templateCode: "us_first_sms", dueAt: claimAt });
    h.sim.failNext(1, 503);
    await expect(dispatchStep(h.ctx(claimAt), { stepId }, h.channels)).rejects.toBeInstanceOf(RetryableDispatchError);
    const [claimed] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
    expect(claimed!.state).toBe("claimed");
    const sentBefore = h.sim.requests().length;

    // The retry comes at 21:03: nothing is sent; the claimed attempt ends failed; the step waits for 08:00.
    const retry = await dispatchStep(h.ctx(new Date("2026-03-04T02:03:00Z")), { stepId }, h.channels);
    expect(retry).toMatchObject({ status: "deferred", notBefore: "2026-03-04T13:00:00.000Z" });
    expect(retry.status === "deferred" && retry.rules).toContain("US-REGF-TIME");
    expect(h.sim.requests().length).toBe(sentBefore);
    const [step] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
    expect(step).toMatchObject({ state: "deferred", dispatchId: null, dueAt: new Date("2026-03-04T13:00:00.000Z") });
    const [first] = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.dispatchId, claimed!.dispatchId!));
    const outcomes = await h.t.db.select().from(s.contactOutcomes).where(eq(s.contactOutcomes.attemptId, first!.id));
    expect(outcomes.map((o) => o.outcome)).toEqual(["failed"]);

    // At 08:00 the gate decides afresh and claims a new dispatch id; the message goes out once.
    const again = await dispatchStep(h.ctx(new Date("2026-03-04T13:00:00Z")), { stepId }, h.channels);
    expect(again.status).toBe("sent");
    const attempts = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.caseId, d.case.id));
    expect(new Set(attempts.map((a) => a.dispatchId)).size).toBe(2);
    expect(h.sim.requests().filter((r) => attempts.some((a) => a.dispatchId === r.idempotencyKey))).toHaveLength(1);
  });
});
