import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { chooseNoWorkplaceContact, createPaymentPlan, debtorActor, dispatchStep, getPortalView, portalOptOut, recordPromise, setContactPreferences } from "../../src";
import { testContext } from "../../src/testing";
import { makeStep, makeUsDebtor } from "../outreach/factories";
import { startHarness, type OutreachHarness } from "../outreach/setup";

// The debtor's plan, promise and preference forms (issue 17), as the debtor, against a real database, the
// real channel adapters and the provider simulator: each choice is audited, and the gate (or the
// dispatcher) reads it at the very next decision.
let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const NOON_NY = new Date("2026-03-03T17:00:00Z");
const LATER = new Date(NOON_NY.getTime() + 60_000);
type Debtor = Awaited<ReturnType<typeof makeUsDebtor>>;

const asDebtor = (d: Debtor, at = NOON_NY) => testContext(h.t.db, debtorActor(d.person.id), at);
const point = (d: Debtor, kind: "phone" | "email") => d.person.contactPoints.find((p) => p.kind === kind)!;
const step = (d: Debtor, channel: "sms" | "call" | "email", templateCode: string, contactPointId?: string) =>
  makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel, templateCode, dueAt: NOON_NY, ...(contactPointId ? { contactPointId } : {}) });
const dispatch = async (id: string, at = LATER) => dispatchStep(h.ctx(at), { stepId: id }, h.channels);
const debtorAudits = async (d: Debtor) =>
  (await h.t.sql`select action, details from audit_events where person_id = ${d.person.id} and actor_kind = 'debtor' order by at, id`).map((a) => ({ action: a.action as string, details: a.details as Record<string, unknown> }));

describe("plan and promise from the portal", () => {
  it("a plan inside the client's limits is active at once; one outside them waits for a supervisor; both audited as the debtor", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const inside = await createPaymentPlan(asDebtor(d), { caseId: d.case.id, totalMinor: 123_456, installmentCount: 6, frequency: "monthly", firstDueDate: "2026-03-20" });
    expect(inside.status).toBe("active");
    const other = await makeUsDebtor(h.t.db, { now: NOON_NY });
    // 24 monthly installments: beyond the default policy's 12 installments and 12 months.
    const outside = await createPaymentPlan(asDebtor(other), { caseId: other.case.id, totalMinor: 123_456, installmentCount: 24, frequency: "monthly", firstDueDate: "2026-03-20" });
    expect(outside.status).toBe("pending_approval");
    const [row] = await h.t.db.select().from(s.paymentPlans).where(eq(s.paymentPlans.id, outside.planId));
    expect(row!.status).toBe("pending_approval");
    expect((await debtorAudits(d)).map((a) => a.action)).toContain("plan.create");
    expect((await debtorAudits(other)).map((a) => a.action)).toContain("plan.create");
    // The debtor sees each as it is.
    expect((await getPortalView(asDebtor(d))).cases[0]!.plan).toMatchObject({ status: "active" });
    expect((await getPortalView(asDebtor(other))).cases[0]!.plan).toMatchObject({ status: "pending_approval" });
  });

  it("a bad plan names its field and writes nothing", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await expect(createPaymentPlan(asDebtor(d), { caseId: d.case.id, totalMinor: -5, installmentCount: 3, frequency: "monthly", firstDueDate: "2026-03-20" }))
      .rejects.toMatchObject({ field: "totalMinor", key: "amount_not_positive" });
    await expect(createPaymentPlan(asDebtor(d), { caseId: d.case.id, totalMinor: 10_000, installmentCount: 3, frequency: "monthly", firstDueDate: "20-03-2026" }))
      .rejects.toMatchObject({ field: "firstDueDate" });
    expect(await h.t.db.select().from(s.paymentPlans).where(eq(s.paymentPlans.caseId, d.case.id))).toEqual([]);
  });

  it("a promise within the client's days is recorded, shown and audited; one too far or in the past names the date", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await expect(recordPromise(asDebtor(d), { caseId: d.case.id, amountMinor: 5000, dueDate: "2026-05-30" })).rejects.toMatchObject({ field: "dueDate", key: "promise_too_far" });
    await expect(recordPromise(asDebtor(d), { caseId: d.case.id, amountMinor: 5000, dueDate: "2026-03-01" })).rejects.toMatchObject({ field: "dueDate", key: "promise_date_past" });
    const { promiseId } = await recordPromise(asDebtor(d), { caseId: d.case.id, amountMinor: 5000, dueDate: "2026-03-10" });
    const [p] = await h.t.db.select().from(s.promises).where(eq(s.promises.caseId, d.case.id));
    expect(p).toMatchObject({ id: promiseId, status: "pending", amountMinor: 5000, dueDate: "2026-03-10" });
    expect((await getPortalView(asDebtor(d))).cases[0]!.promise).toMatchObject({ amountMinor: 5000, dueDate: "2026-03-10" });
    expect((await debtorAudits(d)).map((a) => a.action)).toContain("promise.record");
  });
});

describe("preferences from the portal, read at the next decision", () => {
  it("an opt-out of a whole channel blocks the next step on it; other channels still go", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await portalOptOut(asDebtor(d), { channel: "sms" });
    expect(await debtorAudits(d)).toEqual([expect.objectContaining({ action: "opt_out.record", details: expect.objectContaining({ channel: "sms", contactPointId: null }) })]);
    const sms = await dispatch(await step(d, "sms", "us_followup_sms"));
    expect(sms.status).toBe("blocked");
    if (sms.status === "blocked") expect(sms.rules).toEqual(expect.arrayContaining([expect.stringMatching(/^(US-REGF-MEDIUM|CASEBOOK-OPTOUT)$/)]));
    const [decision] = await h.t.db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.id, (sms as { decisionId: string }).decisionId));
    expect(decision!.decision).toBe("block");
    expect((await dispatch(await step(d, "email", "us_first_email"))).status).toBe("sent");
    expect((await getPortalView(asDebtor(d))).preferences.channelOptOuts).toContain("sms");
  });

  it("an opt-out of one address blocks that address only: the same channel to another address still goes", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const [work] = await h.t.db.insert(s.contactPoints).values({ personId: d.person.id, kind: "email", value: `work.${d.person.id.slice(0, 8)}@example.com`, source: "debtor" }).returning();
    const home = point(d, "email");
    await portalOptOut(asDebtor(d), { channel: "email", contactPointId: work!.id });
    expect(await debtorAudits(d)).toEqual([expect.objectContaining({ action: "opt_out.record", details: expect.objectContaining({ channel: "email", contactPointId: work!.id }) })]);
    const toWork = await dispatch(await step(d, "email", "us_first_email", work!.id));
    expect(toWork.status).toBe("blocked");
    expect((await dispatch(await step(d, "email", "us_first_email", home.id))).status).toBe("sent");
    // Another person's address is not theirs to opt out of.
    const stranger = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await expect(portalOptOut(asDebtor(d), { channel: "email", contactPointId: point(stranger, "email").id })).rejects.toBeTruthy();
    expect(await h.t.db.select().from(s.optOuts).where(eq(s.optOuts.personId, stranger.person.id))).toEqual([]);
  });

  it("an inconvenient time defers the next step inside it with US-REGF-PLACE until it ends; outside it the step goes", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    // Noon in New York is inside 11:30–13:00 (the debtor's local time).
    await setContactPreferences(asDebtor(d), { preferredLanguage: "en", inconvenientWindows: [{ from: "11:30", to: "13:00" }] });
    expect(await debtorAudits(d)).toEqual([expect.objectContaining({ action: "person.contact_preferences", details: { preferredLanguage: "en", inconvenientWindows: [{ from: "11:30", to: "13:00" }] } })]);
    const inside = await dispatch(await step(d, "sms", "us_followup_sms"));
    expect(inside.status).toBe("deferred");
    if (inside.status === "deferred") {
      expect(inside.rules).toContain("US-REGF-PLACE");
      expect(inside.notBefore).toBe("2026-03-03T18:00:00.000Z"); // 13:00 in New York
    }
    const d2 = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await setContactPreferences(asDebtor(d2), { preferredLanguage: "en", inconvenientWindows: [{ from: "08:00", to: "10:00" }] });
    expect((await dispatch(await step(d2, "sms", "us_followup_sms"))).status).toBe("sent");
  });

  it("an evening-to-morning window (past midnight) is accepted; a malformed time names its field and changes nothing", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await setContactPreferences(asDebtor(d), { preferredLanguage: "en", inconvenientWindows: [{ from: "21:00", to: "08:00" }] });
    await expect(setContactPreferences(asDebtor(d), { preferredLanguage: "en", inconvenientWindows: [{ from: "25:00", to: "08:00" }] }))
      .rejects.toMatchObject({ field: "inconvenientWindows.0.from" });
    await expect(setContactPreferences(asDebtor(d), { preferredLanguage: "en", inconvenientWindows: [{ from: "09:00", to: "09:00" }] }))
      .rejects.toMatchObject({ field: "inconvenientWindows.0.to" });
    const [person] = await h.t.db.select().from(s.persons).where(eq(s.persons.id, d.person.id));
    expect(person!.inconvenientWindows).toEqual([{ from: "21:00", to: "08:00" }]);
    // 07:30 in New York is inside the window that wraps past midnight.
    const early = await dispatch(await step(d, "sms", "us_followup_sms"), new Date("2026-03-04T12:30:00Z"));
    expect(early.status).toBe("deferred");
    if (early.status === "deferred") expect(early.rules).toContain("US-REGF-PLACE");
  });

  it("no contact at work (an inconvenient place) blocks the next message to the workplace number with US-REGF-WORK; the home number still gets it", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const [work] = await h.t.db.insert(s.contactPoints)
      .values({ personId: d.person.id, kind: "phone", value: `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`, source: "debtor", isWorkplace: true, isPersonal: false }).returning();
    // Before the choice, the workplace number is an address like any other.
    expect((await dispatch(await step(d, "sms", "us_followup_sms", work!.id))).status).toBe("sent");
    expect((await getPortalView(asDebtor(d))).preferences.noWorkplaceContact).toBe(false);
    await chooseNoWorkplaceContact(asDebtor(d));
    expect((await debtorAudits(d)).map((a) => a.action)).toContain("person.no_workplace_contact");
    expect((await getPortalView(asDebtor(d))).preferences.noWorkplaceContact).toBe(true);
    const toWork = await dispatch(await step(d, "sms", "us_followup_sms", work!.id), new Date(LATER.getTime() + 3_600_000));
    expect(toWork.status).toBe("blocked");
    if (toWork.status === "blocked") expect(toWork.rules).toContain("US-REGF-WORK");
    const toHome = await dispatch(await step(d, "sms", "us_followup_sms", point(d, "phone").id), new Date(LATER.getTime() + 3_600_000));
    expect(toHome.status).not.toBe("blocked");
    // A second choice changes nothing and says so.
    await expect(chooseNoWorkplaceContact(asDebtor(d))).rejects.toMatchObject({ key: "preference_already_recorded" });
  });

  it("a preferred language is audited and the next message is written in it", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await setContactPreferences(asDebtor(d), { preferredLanguage: "zh-CN", inconvenientWindows: [] });
    expect(await debtorAudits(d)).toEqual([expect.objectContaining({ action: "person.contact_preferences", details: expect.objectContaining({ preferredLanguage: "zh-CN" }) })]);
    expect((await getPortalView(asDebtor(d))).preferences.preferredLanguage).toBe("zh-CN");
    const r = await dispatch(await step(d, "sms", "us_followup_sms"));
    expect(r.status).toBe("sent");
    const text = h.sim.requests().filter((x) => x.to === point(d, "phone").value).at(-1)!.text;
    expect(text).toContain("参考编号");
  });
});
