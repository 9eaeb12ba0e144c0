// Issue 11: the console tells the truth: the debtor's contact requests reach the gate, the panel shows the
// figures in force (the client's tighter ones), callbacks only at lawful times, a clean queue, holds released,
// promises linked to their call, plans per team with sentences, errors as keys.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { createTestDatabase, defaultClientPolicy, makeCase, makeClient, makePerson, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import {
  bookCallback, buildCheckRequest, ConflictError, createPaymentPlan, decidePaymentPlan, ERROR_MESSAGES, errorMessage,
  ForbiddenError, getCaseView, getCompliancePanel, listPendingPlans, listQueue, openDispute, placeHold, recordCallRefusal,
  recordNoWorkplaceContact, recordOptOut, recordPromise, recordWrittenContactDemand, releaseHold, reprioritiseCases, startCall,
  suggestCallbackTimes, ValidationError, type Actor, type DomainContext,
} from "../../src";
import { testContext } from "../../src/testing";

// Tuesday 2026-03-03 12:00 in New York.
const NOON_NY = new Date("2026-03-03T17:00:00Z");

let t: TestDatabase;
let east: { id: string };
let west: { id: string };
let clientId: string;
let tightClientId: string;
let agent: Actor;
let supervisorEast: Actor;
let supervisorWest: Actor;

const ctx = (actor: Actor, now = NOON_NY): DomainContext => testContext(t.db, actor, now);
const asActor = (u: { id: string; role: "agent" | "supervisor" | "compliance" | "admin"; teamId: string | null; email: string }): Actor =>
  ({ kind: "user", userId: u.id, role: u.role, teamId: u.teamId, label: u.email });
const newCase = async (extra: Parameters<typeof makeCase>[1] = {}) => makeCase(t.db, { clientId, teamId: east.id, now: NOON_NY, ...extra });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

beforeAll(async () => {
  process.env.CASEBOOK_QUEUE_PREFIX = `test-console-truth-${Date.now()}`;
  t = await createTestDatabase();
  east = await makeTeam(t.db, { name: "East" });
  west = await makeTeam(t.db, { name: "West" });
  clientId = (await makeClient(t.db)).id;
  tightClientId = (await makeClient(t.db, {
    name: "Tight Bank",
    policy: { ...defaultClientPolicy, compliance: { maxCallsPer7Days: 6, callWindow: { from: "09:00", to: "20:00" } } },
  })).id;
  agent = asActor(await makeUser(t.db, { teamId: east.id }));
  supervisorEast = asActor(await makeUser(t.db, { role: "supervisor", teamId: east.id }));
  supervisorWest = asActor(await makeUser(t.db, { role: "supervisor", teamId: west.id }));
});
afterAll(async () => {
  await t?.drop();
});

describe("the debtor's contact requests reach the gate's check request", () => {
  it("a refusal of calls and a demand for writing are writtenOnly; no-workplace is noWorkplaceContact; each audited once", async () => {
    const c = await newCase();
    const before = await buildCheckRequest(t.db, { caseId: c.id, channel: "call", purpose: "collection", now: NOON_NY });
    expect(before.request.consumer.flags?.writtenOnly).toBeUndefined();

    await recordCallRefusal(ctx(agent), { caseId: c.id });
    await recordNoWorkplaceContact(ctx(agent), { caseId: c.id });
    const after = await buildCheckRequest(t.db, { caseId: c.id, channel: "call", purpose: "collection", now: NOON_NY });
    expect(after.request.consumer.flags).toMatchObject({ writtenOnly: true, noWorkplaceContact: true });
    // Not a cease: letters stay lawful under CN-WRITTEN / US-REGF-MEDIUM.
    expect(after.request.consumer.flags?.cease).toBeUndefined();

    const err = await refusal(recordCallRefusal(ctx(agent), { caseId: c.id }));
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).key).toBe("preference_already_recorded");
    // A later demand for writing changes how it was asked, not the flag.
    await recordWrittenContactDemand(ctx(agent), { caseId: c.id });
    const view = await getCaseView(ctx(agent), c.id);
    expect(view.person).toMatchObject({ writtenOnly: true, writtenOnlyReason: "written_demand", noWorkplaceContact: true });

    const audit = await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents).where(and(eq(s.auditEvents.caseId, c.id)));
    expect(audit.map((a) => a.action).filter((a) => a.startsWith("person.")).sort())
      .toEqual(["person.no_workplace_contact", "person.refused_calls", "person.written_demand"]);
  });

  it("an objection to a debt (with its ground) is a disputed debt id", async () => {
    const c = await newCase();
    await openDispute(ctx(agent), { caseId: c.id, accountId: c.accounts[0]!.id, receivedVia: "oral", ground: "amount", reason: "the amount is wrong" });
    const built = await buildCheckRequest(t.db, { caseId: c.id, channel: "call", purpose: "collection", now: NOON_NY });
    expect(built.request.consumer.disputedDebtIds).toEqual([c.accounts[0]!.id]);
    const [d] = await t.db.select().from(s.disputes).where(eq(s.disputes.caseId, c.id));
    expect(d!.ground).toBe("amount");
  });
});

describe("the rule that now holds, on the panel (CN-CBA)", () => {
  it("an objection blocks collection calls with CN-DISPUTE; a refusal of calls blocks calls and texts with CN-WRITTEN, not letters", async () => {
    const cnClient = await makeClient(t.db, { name: "CN Bank", country: "CN", currency: "CNY", ruleSet: "CN-CBA" });
    const person = await makePerson(t.db, {
      person: { fullName: "王小明", country: "CN", region: "SH", postalCode: "200000", timeZones: ["Asia/Shanghai"], preferredLanguage: "zh-CN" },
      contactPoints: [
        { kind: "phone", phoneType: "mobile", value: "+8613800138000", source: "client", consentCall: true, consentSms: true },
        { kind: "address", value: "上海市黄浦区", source: "client", postal: { lines: ["黄浦区"], city: "上海", country: "CN" } },
      ],
    });
    const c = await newCase({ clientId: cnClient.id, personId: person.id });
    const noon = new Date("2026-03-03T04:00:00Z"); // 12:00 in Shanghai
    const rulesOf = async (channel: string) => (await getCompliancePanel(ctx(agent, noon), c.id)).cells.filter((x) => x.channel === channel).flatMap((x) => x.results.map((r) => r.rule));
    expect(await rulesOf("call")).toEqual([]);
    await openDispute(ctx(agent, noon), { caseId: c.id, accountId: c.accounts[0]!.id, receivedVia: "oral", ground: "existence", reason: "never had this card" });
    const afterObjection = await getCompliancePanel(ctx(agent, noon), c.id);
    const call = afterObjection.cells.find((x) => x.channel === "call")!;
    expect(call.decision).toBe("block");
    expect(call.results.map((r) => r.rule)).toContain("CN-DISPUTE");

    const c2 = await newCase({ clientId: cnClient.id, personId: (await makePerson(t.db, { person: { fullName: "李雷", country: "CN", timeZones: ["Asia/Shanghai"] }, contactPoints: [
      { kind: "phone", phoneType: "mobile", value: "+8613800138001", source: "client", consentCall: true, consentSms: true },
      { kind: "address", value: "上海市徐汇区", source: "client", postal: { lines: ["徐汇区"], city: "上海", country: "CN" } },
    ] })).id });
    await recordCallRefusal(ctx(agent, noon), { caseId: c2.id });
    const cells = (await getCompliancePanel(ctx(agent, noon), c2.id)).cells;
    for (const ch of ["call", "sms"]) expect(cells.find((x) => x.channel === ch)!.results.map((r) => r.rule)).toContain("CN-WRITTEN");
    expect(cells.find((x) => x.channel === "letter")!.results.map((r) => r.rule)).not.toContain("CN-WRITTEN");
  });
});

describe("the panel shows the rule in force", () => {
  it("a client's cap of 6 and window 09:00–20:00 are the figures shown, with their source", async () => {
    const c = await newCase({ clientId: tightClientId });
    const panel = await getCompliancePanel(ctx(agent), c.id);
    expect(panel.usage).toEqual([expect.objectContaining({ debtId: c.accounts[0]!.id, used: 0, limit: 6 })]);
    expect(panel.inForce).toEqual(expect.arrayContaining([
      { rule: "US-REGF-FREQ-7IN7", kind: "calls_per_week", max: 6, source: "client_policy" },
      { rule: "US-REGF-TIME", kind: "window", start: "09:00", end: "20:00", source: "client_policy" },
    ]));
    const plain = await getCompliancePanel(ctx(agent), (await newCase()).id);
    expect(plain.usage[0]!.limit).toBe(7);
    expect(plain.inForce).toEqual(expect.arrayContaining([{ rule: "US-REGF-FREQ-7IN7", kind: "calls_per_week", max: 7, source: "rule_set" }]));
  });
});

describe("callbacks only at a time the gate allows", () => {
  it("refuses 23:30 in the debtor's zone and names the next allowed time (08:00 next day)", async () => {
    const c = await newCase();
    const at = new Date("2026-03-04T04:30:00Z"); // 23:30 in New York on 3 March
    const err = await refusal(bookCallback(ctx(agent), { caseId: c.id, dueAt: at }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ field: "dueAt", key: "callback_not_allowed_until", params: { rules: "US-REGF-TIME", notBefore: "2026-03-04T13:00:00.000Z", zone: "America/New_York" } });
    expect(await t.db.select().from(s.callbacks).where(eq(s.callbacks.caseId, c.id))).toHaveLength(0);
    // The client's narrower window moves it to 09:00.
    const tight = await newCase({ clientId: tightClientId });
    expect(await refusal(bookCallback(ctx(agent), { caseId: tight.id, dueAt: at }))).toMatchObject({ params: { notBefore: "2026-03-04T14:00:00.000Z" } });
    // 15:00 is fine.
    await expect(bookCallback(ctx(agent), { caseId: c.id, dueAt: new Date("2026-03-03T20:00:00Z") })).resolves.toMatchObject({ callbackId: expect.any(String) });
  });

  it("offers the next allowed times, each one the gate allows", async () => {
    const c = await newCase();
    const late = new Date("2026-03-04T01:50:00Z"); // 20:50 in New York: the window closes at 21:00
    const { times, zone } = await suggestCallbackTimes(ctx(agent, late), { caseId: c.id });
    expect(zone).toBe("America/New_York");
    expect(times.map((d) => d.toISOString())).toEqual(["2026-03-04T13:00:00.000Z", "2026-03-04T15:00:00.000Z", "2026-03-04T17:00:00.000Z"]);
    for (const at of times) {
      await bookCallback(ctx(agent, late), { caseId: c.id, dueAt: at });
      // Each booking moves the case's one open callback (and the queue's callback time) to it.
      const [cs] = await t.db.select({ callbackAt: s.cases.callbackAt }).from(s.cases).where(eq(s.cases.id, c.id));
      expect(cs!.callbackAt).toEqual(at);
      expect((await t.db.select({ dueAt: s.callbacks.dueAt }).from(s.callbacks).where(and(eq(s.callbacks.caseId, c.id), isNull(s.callbacks.doneAt)))).map((x) => x.dueAt)).toEqual([at]);
    }
  });
});

describe("the queue offers only workable cases", () => {
  it("leaves out legal, recalled-only, on-hold and every-channel-opted-out cases, and filters only workable statuses", async () => {
    const team = await makeTeam(t.db, { name: "Queue" });
    const a = asActor(await makeUser(t.db, { teamId: team.id }));
    const mk = (extra: Parameters<typeof makeCase>[1] = {}) => makeCase(t.db, { clientId, teamId: team.id, now: NOON_NY, ...extra });
    const workable = await mk();
    const legal = await mk({ case: { queue: "legal" } });
    const recalled = await mk({ accounts: [{ status: "recalled" }] });
    const held = await mk();
    await placeHold(ctx(a), { caseId: held.id, kind: "hardship", note: "lost job" });
    const silent = await mk();
    for (const channel of ["call", "sms", "email"] as const) await recordOptOut(ctx(a), { caseId: silent.id, channel });
    await reprioritiseCases({ db: t.db, now: NOON_NY });
    const ids = (await listQueue(ctx(a), { limit: 200 })).rows.map((r) => r.caseId);
    expect(ids).toEqual([workable.id]);
    expect(ids).not.toContain(legal.id);
    expect(ids).not.toContain(recalled.id);
    const err = await refusal(listQueue(ctx(a), { status: "legal" as never }));
    expect(err).toMatchObject({ field: "status", key: "invalid_option" });
  });
});

describe("holds: release with a reason; the note is shown", () => {
  it("releases an active hold once, audited, and the case view shows note and reason", async () => {
    const c = await newCase();
    const { holdId } = await placeHold(ctx(agent), { caseId: c.id, kind: "hardship", note: "hospital until April" });
    let view = await getCaseView(ctx(agent), c.id);
    expect(view.holds[0]).toMatchObject({ id: holdId, active: true, note: "hospital until April" });
    expect(await refusal(releaseHold(ctx(agent), { caseId: c.id, holdId, reason: "" }))).toMatchObject({ field: "reason", key: "reason_required" });
    await releaseHold(ctx(agent), { caseId: c.id, holdId, reason: "back at work" });
    view = await getCaseView(ctx(agent), c.id);
    expect(view.holds[0]).toMatchObject({ active: false, releaseReason: "back at work" });
    expect(view.timeline.find((e) => e.kind === "hold")).toMatchObject({ released: true, note: "hospital until April", releaseReason: "back at work" });
    const err = await refusal(releaseHold(ctx(agent), { caseId: c.id, holdId, reason: "again" }));
    expect(err).toMatchObject({ key: "hold_not_active" });
    const audit = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.entityId, holdId), eq(s.auditEvents.action, "hold.release")));
    expect(audit).toHaveLength(1);
  });
});

describe("a promise taken during a call is linked to that call", () => {
  it("links the agent's call of the last hour, or the one named; refuses another case's call", async () => {
    const c = await newCase();
    const phone = (await t.db.select().from(s.contactPoints).where(eq(s.contactPoints.personId, c.personId))).find((p) => p.kind === "phone")!;
    const call = await startCall(ctx(agent), { caseId: c.id, contactPointId: phone.id });
    const { promiseId } = await recordPromise(ctx(agent, new Date(NOON_NY.getTime() + 5 * 60_000)), { caseId: c.id, amountMinor: 10_00, dueDate: "2026-03-10" });
    const [p] = await t.db.select().from(s.promises).where(eq(s.promises.id, promiseId));
    expect(p!.contactAttemptId).toBe(call.attemptId);
    const view = await getCaseView(ctx(agent), c.id);
    expect(view.timeline.find((e) => e.kind === "promise")).toMatchObject({ callReference: call.referenceCode });
    // Two hours later it is a new conversation: no link.
    const later = await recordPromise(ctx(agent, new Date(NOON_NY.getTime() + 2 * 3_600_000)), { caseId: c.id, amountMinor: 10_00, dueDate: "2026-03-10" });
    expect((await t.db.select().from(s.promises).where(eq(s.promises.id, later.promiseId)))[0]!.contactAttemptId).toBeNull();
    const other = await newCase();
    expect(await refusal(recordPromise(ctx(agent), { caseId: other.id, amountMinor: 10_00, dueDate: "2026-03-10", contactAttemptId: call.attemptId })))
      .toMatchObject({ field: "contactAttemptId", key: "attempt_not_on_case" });
  });
});

describe("plan approvals: own team only, reasons as codes", () => {
  it("a supervisor sees and decides their own team's plans; the reasons carry the client's limits", async () => {
    const c = await newCase();
    const r = await createPaymentPlan(ctx(agent), { caseId: c.id, totalMinor: c.accounts[0]!.balanceMinor, installmentCount: 24, frequency: "monthly", firstDueDate: "2026-03-15" });
    expect(r.status).toBe("pending_approval");
    expect(r.reasons).toEqual(expect.arrayContaining([{ code: "installments", limit: 12 }]));
    const mine = await listPendingPlans(ctx(supervisorEast));
    expect(mine.find((p) => p.id === r.planId)?.reasons).toEqual(expect.arrayContaining([{ code: "installments", limit: 12 }]));
    expect((await listPendingPlans(ctx(supervisorWest))).map((p) => p.id)).not.toContain(r.planId);
    expect(await refusal(decidePaymentPlan(ctx(supervisorWest), { planId: r.planId, approve: false }))).toBeInstanceOf(ForbiddenError);
    await expect(decidePaymentPlan(ctx(supervisorEast), { planId: r.planId, approve: false })).resolves.toEqual({ status: "rejected" });
  });
});

describe("domain errors carry a key and parameters", () => {
  it("names the key and its parameters, and keeps the English for logs", async () => {
    const c = await newCase();
    const err = await refusal(recordPromise(ctx(agent), { caseId: c.id, amountMinor: 500, dueDate: "2026-05-30" }));
    expect(err).toMatchObject({ field: "dueDate", key: "promise_too_far", params: { maxDays: 30 }, message: "dueDate: more than 30 days out: offer a payment plan instead" });
    // A zod failure with no key of its own becomes a generic key, never zod's English.
    const zod = await refusal(recordPromise(ctx(agent), { caseId: "not-a-uuid", amountMinor: 500, dueDate: "2026-03-10" }));
    expect(zod).toMatchObject({ field: "caseId", key: "invalid_input" });
    const empty = await refusal(releaseHold(ctx(agent), { caseId: c.id, holdId: c.id, reason: "" }));
    expect(empty).toMatchObject({ key: "reason_required" });
    expect(errorMessage("too_small", { minimum: 3 })).toBe("too small (at least 3)");
    expect(Object.values(ERROR_MESSAGES).every((m) => m.length > 0)).toBe(true);
  });
});
