import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeUser } from "@casebook/db/testing";
import { ComplianceRefusedError, dispatchStep, recordOptOut, sendPaymentLink, type Actor } from "../../src";
import { testContext } from "../../src/testing";
import { makeStep, makeUsDebtor } from "../outreach/factories";
import { startHarness, type OutreachHarness } from "../outreach/setup";

// The payment link (issue 17): the agent's button and a strategy step, through the gate and the real SMS
// and e-mail adapters to the provider simulator and the SMTP sink.
let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const NOON_NY = new Date("2026-03-03T17:00:00Z");
const LATER = new Date(NOON_NY.getTime() + 60_000);
const PUBLIC_URL = "https://console.agency.test/";
type Debtor = Awaited<ReturnType<typeof makeUsDebtor>>;

async function agentOf(d: Debtor): Promise<Actor> {
  const u = await makeUser(h.t.db, { teamId: d.case.teamId });
  return { kind: "user", userId: u.id, role: "agent", teamId: u.teamId, label: u.email };
}
const asAgent = (actor: Actor) => ({ ...testContext(h.t.db, actor, NOON_NY), publicUrl: PUBLIC_URL });
const worker = (at = LATER) => ({ ...h.ctx(at), publicUrl: PUBLIC_URL });
const point = (d: Debtor, kind: "phone" | "email") => d.person.contactPoints.find((p) => p.kind === kind)!;
const attemptOf = async (stepId: string) => (await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, stepId)))[0]!;

describe("send payment link", () => {
  it("the agent's SMS goes through the gate and carries the contact's reference code and the portal's link; audited", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const agent = await agentOf(d);
    const { stepId } = await sendPaymentLink(asAgent(agent), { caseId: d.case.id, contactPointId: point(d, "phone").id });
    const [step] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
    expect(step).toMatchObject({ kind: "agent", channel: "sms", templateCode: "us_payment_link_sms", state: "planned" });
    const r = await dispatchStep(worker(), { stepId }, h.channels);
    expect(r.status).toBe("sent");
    const attempt = await attemptOf(stepId);
    const [decision] = await h.t.db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.id, attempt.decisionId!));
    expect(decision!.decision).toBe("allow");
    const text = h.sim.requests().filter((x) => x.to === point(d, "phone").value).at(-1)!.text;
    expect(text).toContain("https://console.agency.test/portal");
    expect(text).toContain(attempt.referenceCode);
    const [audit] = await h.t.sql`select action, details from audit_events where entity_id = ${stepId}`;
    expect(audit).toMatchObject({ action: "message.request", details: { channel: "sms", templateCode: "us_payment_link_sms" } });
  });

  it("to an e-mail address it is the e-mail template, in the debtor's language", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await h.t.db.update(s.persons).set({ preferredLanguage: "zh-CN" }).where(eq(s.persons.id, d.person.id));
    const { stepId } = await sendPaymentLink(asAgent(await agentOf(d)), { caseId: d.case.id, contactPointId: point(d, "email").id });
    expect((await dispatchStep(worker(), { stepId }, h.channels)).status).toBe("sent");
    const attempt = await attemptOf(stepId);
    expect(attempt.channel).toBe("email");
    expect(attempt.renderedBody).toContain("https://console.agency.test/portal");
    expect(attempt.renderedBody).toContain(`参考编号 ${attempt.referenceCode}`);
  });

  it("refused by the gate like any message: the rule comes back to the button, the decision is stored, no step", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const agent = await agentOf(d);
    await recordOptOut(asAgent(agent), { caseId: d.case.id, channel: "sms" });
    const refused = await sendPaymentLink(asAgent(agent), { caseId: d.case.id, contactPointId: point(d, "phone").id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ComplianceRefusedError);
    const rules = (refused as ComplianceRefusedError).decision.results.map((x) => x.rule);
    expect(rules).toContain("US-REGF-MEDIUM");
    const [kept] = await h.t.db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.id, (refused as ComplianceRefusedError).decision.decisionId));
    expect(kept).toMatchObject({ caseId: d.case.id, channel: "sms", decision: "block" });
    expect(await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.caseId, d.case.id))).toEqual([]);
    // A letter address is no place for a link: the field is named.
    const letter = d.person.contactPoints.find((p) => p.kind === "address")!;
    await expect(sendPaymentLink(asAgent(agent), { caseId: d.case.id, contactPointId: letter.id })).rejects.toMatchObject({ field: "contactPointId" });
  });

  it("a strategy step with the payment-link template sends the same link", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const stepId = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms", templateCode: "us_payment_link_sms", dueAt: NOON_NY });
    expect((await dispatchStep(worker(), { stepId }, h.channels)).status).toBe("sent");
    const attempt = await attemptOf(stepId);
    expect(attempt.renderedBody).toContain("https://console.agency.test/portal");
    expect(attempt.renderedBody).toContain(attempt.referenceCode);
  });
});
