import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, schema as s } from "@casebook/db";
import { createTestDatabase, makeCase, makeClient, makePerson, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import {
  addContactPoint, addNote, authenticateUser, bookCallback, ComplianceRefusedError, ConflictError, correctContactPoint, createPaymentPlan,
  decidePaymentPlan, escalateToLegal, ForbiddenError, getCaseView, getQueueNeighbours, listQueue, openDispute, placeHold, postPayment,
  recordCallOutcome, recordOptOut, recordPromise, reprioritiseCases, revealContactPoint, setUserLocale, startCall, startThirdPartyCall,
  listMessageTemplates, sendMessage, getCompliancePanel, previewContact,
  ValidationError, type Actor, type DomainContext,
} from "../../src";
import { createProducer, producerJobQueue } from "@casebook/jobs";
import { recordingJobQueue, testContext } from "../../src/testing";

// Tuesday 2026-03-03 12:00 in New York: inside calling hours for the NY debtors below.
const NOON_NY = new Date("2026-03-03T17:00:00Z");
const DAY = 86_400_000;

let t: TestDatabase;
let east: { id: string };
let west: { id: string };
let clientId: string;
let agent: Actor;
let westAgent: Actor;
let supervisor: Actor;
let complianceOfficer: Actor;
let agentEmail: string;

const ctx = (actor: Actor, now = NOON_NY): DomainContext => testContext(t.db, actor, now);
const asActor = (u: { id: string; role: "agent" | "supervisor" | "compliance" | "admin"; teamId: string | null; email: string }): Actor =>
  ({ kind: "user", userId: u.id, role: u.role, teamId: u.teamId, label: u.email });
const auditCount = async () => (await t.db.select({ n: count() }).from(s.auditEvents))[0]!.n;
const newCase = async (teamId = east.id, extra: Parameters<typeof makeCase>[1] = {}) => makeCase(t.db, { clientId, teamId, now: NOON_NY, ...extra });

beforeAll(async () => {
  // Agent messages are enqueued for the worker: never into the real queues.
  process.env.CASEBOOK_QUEUE_PREFIX = `test-console-${Date.now()}`;
  t = await createTestDatabase();
  east = await makeTeam(t.db, { name: "East" });
  west = await makeTeam(t.db, { name: "West" });
  clientId = (await makeClient(t.db)).id;
  const a = await makeUser(t.db, { teamId: east.id, passwordHash: await hashPassword("right-password") });
  agentEmail = a.email;
  agent = asActor(a);
  westAgent = asActor(await makeUser(t.db, { teamId: west.id }));
  supervisor = asActor(await makeUser(t.db, { role: "supervisor", teamId: east.id }));
  complianceOfficer = asActor(await makeUser(t.db, { role: "compliance", teamId: null }));
});
afterAll(async () => {
  await t?.drop();
});

describe("team scope (a forged case id from another team)", () => {
  it("refuses every read and write on another team's case, and writes nothing", async () => {
    const theirs = await newCase(west.id);
    const before = await auditCount();
    await expect(getCaseView(ctx(agent), theirs.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(recordPromise(ctx(agent), { caseId: theirs.id, amountMinor: 1000, dueDate: "2026-03-10" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(postPayment(ctx(agent), { caseId: theirs.id, amountMinor: 1000, method: "card" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addNote(ctx(agent), { caseId: theirs.id, body: "hello" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(startCall(ctx(agent), { caseId: theirs.id, contactPointId: theirs.personId })).rejects.toBeInstanceOf(ForbiddenError);
    const cp = (await t.db.select().from(s.contactPoints).where(eq(s.contactPoints.personId, theirs.personId)))[0]!;
    await expect(revealContactPoint(ctx(agent), { caseId: theirs.id, contactPointId: cp.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await auditCount()).toBe(before);
    expect(await t.db.select().from(s.promises).where(eq(s.promises.caseId, theirs.id))).toHaveLength(0);
    expect(await t.db.select().from(s.notes).where(eq(s.notes.caseId, theirs.id))).toHaveLength(0);
    // ...while the other team's agent may.
    await expect(getCaseView(ctx(westAgent), theirs.id)).resolves.toMatchObject({ case: { id: theirs.id } });
  });

  it("lists only the agent's team in the queue, in priority order, with keyset paging both ways", async () => {
    for (let i = 0; i < 5; i++) await newCase(east.id, { accounts: [{ balanceMinor: 10_000 * (i + 1) }] });
    await newCase(west.id);
    await reprioritiseCases({ db: t.db, now: NOON_NY });
    const all = await listQueue(ctx(agent), { limit: 200 });
    const teams = await t.db.select({ id: s.cases.id, teamId: s.cases.teamId }).from(s.cases);
    const teamOf = new Map(teams.map((c) => [c.id, c.teamId]));
    expect(all.rows.length).toBeGreaterThanOrEqual(5);
    expect(all.rows.every((r) => teamOf.get(r.caseId) === east.id)).toBe(true);
    const scores = all.rows.map((r) => r.priorityScore);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const p1 = await listQueue(ctx(agent), { limit: 2 });
    const p2 = await listQueue(ctx(agent), { limit: 2, after: p1.nextCursor! });
    expect(p2.rows.map((r) => r.caseId)).toEqual(all.rows.slice(2, 4).map((r) => r.caseId));
    const back = await listQueue(ctx(agent), { limit: 2, before: p2.prevCursor! });
    expect(back.rows.map((r) => r.caseId)).toEqual(p1.rows.map((r) => r.caseId));
    const nav = await getQueueNeighbours(ctx(agent), all.rows[1]!.caseId);
    expect(nav).toEqual({ prev: all.rows[0]!.caseId, next: all.rows[2]!.caseId });
    await expect(listQueue(ctx(agent), { limit: 2, after: "not-a-cursor" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("searches by name, phone and account reference", async () => {
    const person = await makePerson(t.db, { person: { fullName: "Quentin Searchable" }, contactPoints: [{ kind: "phone", phoneType: "mobile", value: "+12125550177", source: "client" }] });
    const c = await newCase(east.id, { personId: person.id });
    for (const q of ["searchable", "(212) 555-0177", c.accounts[0]!.clientReference]) {
      const page = await listQueue(ctx(agent), { q });
      expect(page.rows.map((r) => r.caseId), q).toContain(c.id);
    }
    expect((await listQueue(ctx(westAgent), { q: "searchable" })).rows).toHaveLength(0);
  });
});

describe("compliance officers review, they do not work cases", () => {
  it("may read and note a case of any team, but not call, take money or promises", async () => {
    const c = await newCase(west.id);
    await expect(getCaseView(ctx(complianceOfficer), c.id)).resolves.toMatchObject({ case: { id: c.id } });
    await addNote(ctx(complianceOfficer), { caseId: c.id, body: "Reviewed after a complaint." });
    await expect(recordPromise(ctx(complianceOfficer), { caseId: c.id, amountMinor: 100, dueDate: "2026-03-10" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(postPayment(ctx(complianceOfficer), { caseId: c.id, amountMinor: 100, method: "card" })).rejects.toBeInstanceOf(ForbiddenError);
    const phone = (await t.db.select().from(s.contactPoints).where(eq(s.contactPoints.personId, c.personId)))[0]!;
    await expect(startCall(ctx(complianceOfficer), { caseId: c.id, contactPointId: phone.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.caseId, c.id))).toHaveLength(0);
  });
});

describe("reprioritiseCases", () => {
  it("gives each case its reason: callback, promise due today, hold, new placement", async () => {
    const cb = await newCase(east.id, { case: { callbackAt: new Date(NOON_NY.getTime() - 60_000) } });
    const pr = await newCase();
    await t.db.insert(s.promises).values({ caseId: pr.id, accountIds: [pr.accounts[0]!.id], amountMinor: 100, currency: "USD", dueDate: "2026-03-03" });
    const held = await newCase();
    await t.db.insert(s.holds).values({ personId: held.personId, caseId: held.id, kind: "cease", placedAt: NOON_NY });
    const fresh = await newCase(east.id, { case: { openedAt: new Date(NOON_NY.getTime() - DAY) } });
    await reprioritiseCases({ db: t.db, now: NOON_NY }, { caseIds: [cb.id, pr.id, held.id, fresh.id] });
    const rows = await t.db.select({ id: s.cases.id, reason: s.cases.priorityReason, score: s.cases.priorityScore }).from(s.cases);
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(cb.id)!.reason).toBe("callback_due");
    expect(by.get(pr.id)!.reason).toBe("promise_due_today");
    expect(by.get(held.id)!).toMatchObject({ reason: "on_hold", score: 0 });
    expect(by.get(fresh.id)!.reason).toBe("new_placement");
    expect(by.get(cb.id)!.score).toBeGreaterThan(by.get(pr.id)!.score);
    expect(by.get(pr.id)!.score).toBeGreaterThan(by.get(fresh.id)!.score);
  });
});

describe("case view and reveal", () => {
  it("writes case.view and person.reveal audit events; the view masks contact points", async () => {
    const c = await newCase();
    const view = await getCaseView(ctx(agent), c.id);
    expect(view.contactPoints.every((cp) => cp.masked.includes("•"))).toBe(true);
    const phone = view.contactPoints.find((cp) => cp.kind === "phone")!;
    const { value } = await revealContactPoint(ctx(agent), { caseId: c.id, contactPointId: phone.id });
    expect(value).toMatch(/^\+1718555/);
    const events = await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents).where(eq(s.auditEvents.caseId, c.id));
    expect(events.map((e) => e.action).sort()).toEqual(["case.view", "person.reveal"]);
  });
});

describe("compliance panel", () => {
  it("answers for every contact point and channel exactly as previewContact does, with the week's calls", async () => {
    const person = await makePerson(t.db, {
      contactPoints: [
        { kind: "phone", phoneType: "mobile", value: "+12125550301", source: "client", consentCall: true, consentSms: true },
        { kind: "phone", phoneType: "work", value: "+12125550302", source: "client", isWorkplace: true, isPersonal: false },
        { kind: "email", value: "panel@example.com", source: "client" },
      ],
    });
    await t.db.update(s.persons).set({ noWorkplaceContact: true }).where(eq(s.persons.id, person.id));
    const c = await newCase(east.id, { personId: person.id });
    await recordOptOut(ctx(agent), { caseId: c.id, channel: "email" });
    const panel = await getCompliancePanel(ctx(agent), c.id);
    expect(panel.cells).toHaveLength(5);
    for (const cell of panel.cells) {
      const p = await previewContact(ctx(agent), { caseId: c.id, contactPointId: cell.contactPointId, channel: cell.channel, purpose: "collection", content: { disclosesDebt: true, hasOptOut: true, identifiesCollector: true } });
      expect({ channel: cell.channel, decision: cell.decision, rules: cell.results.map((r) => r.rule) })
        .toEqual({ channel: cell.channel, decision: p.decision.decision, rules: p.decision.results.map((r) => r.rule) });
    }
    const work = person.contactPoints.find((p) => p.value === "+12125550302")!;
    expect(panel.cells.find((x) => x.contactPointId === work.id && x.channel === "call")!.results.map((r) => r.rule)).toContain("US-REGF-WORK");
    expect(panel.cells.find((x) => x.channel === "email")!.results.map((r) => r.rule)).toContain("US-REGF-MEDIUM");
    expect(panel.usage).toEqual([expect.objectContaining({ debtId: c.accounts[0]!.id, used: 0, limit: 7 })]);
  });
});

describe("recordPromise", () => {
  it("refuses bad input with the field, writing nothing", async () => {
    const c = await newCase();
    const before = await auditCount();
    const field = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof ValidationError ? e.field : e));
    expect(await field(recordPromise(ctx(agent), { caseId: c.id, amountMinor: -500, dueDate: "2026-03-10" }))).toBe("amountMinor");
    expect(await field(recordPromise(ctx(agent), { caseId: c.id, amountMinor: 0, dueDate: "2026-03-10" }))).toBe("amountMinor");
    expect(await field(recordPromise(ctx(agent), { caseId: c.id, amountMinor: 500, dueDate: "2026-03-02" }))).toBe("dueDate");
    expect(await field(recordPromise(ctx(agent), { caseId: c.id, amountMinor: 500, dueDate: "2026-05-30" }))).toBe("dueDate");
    expect(await field(recordPromise(ctx(agent), { caseId: c.id, amountMinor: 99_999_999, dueDate: "2026-03-10" }))).toBe("amountMinor");
    expect(await field(recordPromise(ctx(agent), { caseId: c.id, amountMinor: 500, dueDate: "10/03/2026" }))).toBe("dueDate");
    expect(await auditCount()).toBe(before);
    expect(await t.db.select().from(s.promises).where(eq(s.promises.caseId, c.id))).toHaveLength(0);
  });

  it("records a valid promise: accounts promised, audited, calls paused, case sinks to 'promised'", async () => {
    const c = await newCase();
    const { promiseId } = await recordPromise(ctx(agent), { caseId: c.id, amountMinor: 50_00, dueDate: "2026-03-10" });
    const [p] = await t.db.select().from(s.promises).where(eq(s.promises.id, promiseId));
    expect(p).toMatchObject({ amountMinor: 5000, status: "pending", dueDate: "2026-03-10" });
    expect((await t.db.select().from(s.accounts).where(eq(s.accounts.caseId, c.id)))[0]!.status).toBe("promised");
    const [cs] = await t.db.select().from(s.cases).where(eq(s.cases.id, c.id));
    expect(cs!.priorityReason).toBe("promised");
    expect(cs!.pausedUntil).not.toBeNull();
    const audit = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.caseId, c.id), eq(s.auditEvents.action, "promise.record")));
    expect(audit).toHaveLength(1);
    // A second promise supersedes the first.
    await recordPromise(ctx(agent), { caseId: c.id, amountMinor: 60_00, dueDate: "2026-03-12" });
    const statuses = (await t.db.select({ st: s.promises.status }).from(s.promises).where(eq(s.promises.caseId, c.id))).map((r) => r.st).sort();
    expect(statuses).toEqual(["cancelled", "pending"]);
  });
});

describe("payment plans", () => {
  it("inside the client's limits: active; beyond them: pending supervisor approval; bad input refused", async () => {
    const c = await newCase(east.id, { accounts: [{ balanceMinor: 600_00 }] });
    const field = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof ValidationError ? e.field : e));
    expect(await field(createPaymentPlan(ctx(agent), { caseId: c.id, totalMinor: -1, installmentCount: 6, frequency: "monthly", firstDueDate: "2026-03-15" }))).toBe("totalMinor");
    expect(await field(createPaymentPlan(ctx(agent), { caseId: c.id, totalMinor: 600_00, installmentCount: 6, frequency: "monthly", firstDueDate: "2026-02-15" }))).toBe("firstDueDate");
    expect(await field(createPaymentPlan(ctx(agent), { caseId: c.id, totalMinor: 600_00, installmentCount: 0, frequency: "monthly", firstDueDate: "2026-03-15" }))).toBe("installmentCount");

    const beyond = await createPaymentPlan(ctx(agent), { caseId: c.id, totalMinor: 480_00, installmentCount: 24, frequency: "monthly", firstDueDate: "2026-03-15" });
    expect(beyond.status).toBe("pending_approval");
    expect(beyond.reasons).toEqual(expect.arrayContaining([{ code: "installments", limit: 12 }, { code: "installment_min", limit: 2500 }]));
    expect((await t.db.select().from(s.accounts).where(eq(s.accounts.caseId, c.id)))[0]!.status).toBe("active");
    await expect(decidePaymentPlan(ctx(agent), { planId: beyond.planId, approve: true })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await decidePaymentPlan(ctx(supervisor), { planId: beyond.planId, approve: true })).toEqual({ status: "active" });
    expect((await t.db.select().from(s.accounts).where(eq(s.accounts.caseId, c.id)))[0]!.status).toBe("on_plan");
    await expect(decidePaymentPlan(ctx(supervisor), { planId: beyond.planId, approve: false })).rejects.toBeInstanceOf(ConflictError);

    const d = await newCase(east.id, { accounts: [{ balanceMinor: 600_00 }] });
    const inside = await createPaymentPlan(ctx(agent), { caseId: d.id, totalMinor: 600_00, installmentCount: 6, frequency: "monthly", firstDueDate: "2026-03-15" });
    expect(inside).toMatchObject({ status: "active", reasons: [] });
    const inst = await t.db.select().from(s.planInstallments).where(eq(s.planInstallments.planId, inside.planId));
    expect(inst.map((i) => i.amountMinor).reduce((a, b) => a + b, 0)).toBe(600_00);
    expect(inst.map((i) => i.dueDate).sort()[5]).toBe("2026-08-15");
  });
});

describe("postPayment", () => {
  it("refuses negative and excessive amounts; applies a payment oldest account first; keeps the promise", async () => {
    const c = await newCase(east.id, { accounts: [{ balanceMinor: 100_00, dueDate: "2025-12-01" }, { balanceMinor: 200_00, dueDate: "2026-01-01" }] });
    await expect(postPayment(ctx(agent), { caseId: c.id, amountMinor: -5, method: "card" })).rejects.toMatchObject({ field: "amountMinor" });
    await expect(postPayment(ctx(agent), { caseId: c.id, amountMinor: 300_01, method: "card" })).rejects.toMatchObject({ field: "amountMinor" });
    await expect(postPayment(ctx(agent), { caseId: c.id, amountMinor: 10_00, method: "card", receivedAt: new Date(NOON_NY.getTime() + DAY) })).rejects.toMatchObject({ field: "receivedAt" });
    await recordPromise(ctx(agent), { caseId: c.id, amountMinor: 150_00, dueDate: "2026-03-05" });
    const r = await postPayment(ctx(agent), { caseId: c.id, amountMinor: 150_00, method: "ach", reference: "ACH-1" });
    expect(r.allocations).toEqual([{ accountId: c.accounts[0]!.id, amountMinor: 100_00 }, { accountId: c.accounts[1]!.id, amountMinor: 50_00 }]);
    const accounts = await t.db.select().from(s.accounts).where(eq(s.accounts.caseId, c.id));
    expect(new Map(accounts.map((a) => [a.id, [a.balanceMinor, a.status]])).get(c.accounts[0]!.id)).toEqual([0, "paid"]);
    expect(new Map(accounts.map((a) => [a.id, a.balanceMinor])).get(c.accounts[1]!.id)).toBe(150_00);
    expect((await t.db.select().from(s.promises).where(eq(s.promises.caseId, c.id)))[0]!.status).toBe("kept");
  });
});

describe("disputes, holds, notes, callbacks, legal", () => {
  it("opens a dispute (then no promise on it), refuses a forged account and a second dispute", async () => {
    const c = await newCase();
    const other = await newCase();
    await expect(openDispute(ctx(agent), { caseId: c.id, accountId: other.accounts[0]!.id, receivedVia: "oral", reason: "not mine" })).rejects.toMatchObject({ field: "accountIds" });
    await openDispute(ctx(agent), { caseId: c.id, accountId: c.accounts[0]!.id, receivedVia: "written", reason: "never had this card" });
    expect((await t.db.select().from(s.accounts).where(eq(s.accounts.id, c.accounts[0]!.id)))[0]!.status).toBe("disputed");
    await expect(openDispute(ctx(agent), { caseId: c.id, accountId: c.accounts[0]!.id, receivedVia: "oral", reason: "again" })).rejects.toBeInstanceOf(ConflictError);
    await expect(recordPromise(ctx(agent), { caseId: c.id, amountMinor: 100, dueDate: "2026-03-10" })).rejects.toBeInstanceOf(ConflictError);
    await expect(escalateToLegal(ctx(agent), { caseId: c.id, reason: "ninety days" })).rejects.toBeInstanceOf(ConflictError);
    expect((await t.db.select().from(s.cases).where(eq(s.cases.id, c.id)))[0]!.priorityReason).toBe("disputed");
  });

  it("places holds with their details; an attorney hold needs the attorney's name", async () => {
    const c = await newCase();
    await expect(placeHold(ctx(agent), { caseId: c.id, kind: "attorney", attorney: { name: "" } })).rejects.toMatchObject({ field: "attorney.name" });
    await expect(placeHold(ctx(agent), { caseId: c.id, kind: "bankruptcy", bankruptcy: { chapter: "9" as "7", filingDate: "2026-01-01" } })).rejects.toMatchObject({ field: "bankruptcy.chapter" });
    await placeHold(ctx(agent), { caseId: c.id, kind: "attorney", attorney: { name: "Jane Counsel", phone: "+12125550123" } });
    const [h] = await t.db.select().from(s.holds).where(eq(s.holds.caseId, c.id));
    expect(h).toMatchObject({ kind: "attorney", details: { attorney: { name: "Jane Counsel", phone: "+12125550123" } } });
    expect((await t.db.select().from(s.cases).where(eq(s.cases.id, c.id)))[0]!.priorityReason).toBe("on_hold");
  });

  it("notes, callbacks and legal escalation validate and persist", async () => {
    const c = await newCase();
    await expect(addNote(ctx(agent), { caseId: c.id, body: "   " })).rejects.toMatchObject({ field: "body" });
    await addNote(ctx(agent), { caseId: c.id, body: "Debtor asked for a call after 6pm." });
    await expect(bookCallback(ctx(agent), { caseId: c.id, dueAt: new Date(NOON_NY.getTime() - 60_000) })).rejects.toMatchObject({ field: "dueAt" });
    await bookCallback(ctx(agent), { caseId: c.id, dueAt: new Date(NOON_NY.getTime() + 5 * 60_000) });
    expect((await t.db.select().from(s.cases).where(eq(s.cases.id, c.id)))[0]!.priorityReason).toBe("callback_due");
    await escalateToLegal(ctx(agent), { caseId: c.id, reason: "ninety days past due, no contact" });
    expect((await t.db.select().from(s.cases).where(eq(s.cases.id, c.id)))[0]!.queue).toBe("legal");
    const actions = (await t.db.select({ a: s.auditEvents.action }).from(s.auditEvents).where(eq(s.auditEvents.caseId, c.id))).map((r) => r.a).sort();
    expect(actions).toEqual(["callback.book", "case.escalate_legal", "note.add"]);
  });
});

describe("contact points and opt-outs", () => {
  it("adds a phone in E.164 only, refuses a duplicate, corrects status, records an opt-out", async () => {
    const c = await newCase();
    await expect(addContactPoint(ctx(agent), { caseId: c.id, kind: "phone", value: "555-1234", phoneType: "mobile" })).rejects.toMatchObject({ field: "value" });
    await expect(addContactPoint(ctx(agent), { caseId: c.id, kind: "email", value: "not-an-email" })).rejects.toMatchObject({ field: "value" });
    const { contactPointId } = await addContactPoint(ctx(agent), { caseId: c.id, kind: "phone", value: "+1 (212) 555-0142", phoneType: "work" });
    const [cp] = await t.db.select().from(s.contactPoints).where(eq(s.contactPoints.id, contactPointId));
    expect(cp).toMatchObject({ value: "+12125550142", isWorkplace: true, isPersonal: false, consentCall: false });
    await expect(addContactPoint(ctx(agent), { caseId: c.id, kind: "phone", value: "+12125550142", phoneType: "mobile" })).rejects.toBeInstanceOf(ConflictError);
    await correctContactPoint(ctx(agent), { caseId: c.id, contactPointId, status: "wrong_number" });
    expect((await t.db.select().from(s.contactPoints).where(eq(s.contactPoints.id, contactPointId)))[0]!.status).toBe("wrong_number");
    await recordOptOut(ctx(agent), { caseId: c.id, channel: "sms" });
    expect(await t.db.select().from(s.optOuts).where(eq(s.optOuts.personId, c.personId))).toHaveLength(1);
  });
});

describe("calls through the gate", () => {
  it("claims a ledger row on allow; a conversation needs the identity statement and the mini-Miranda", async () => {
    const c = await newCase();
    const phone = (await t.db.select().from(s.contactPoints).where(and(eq(s.contactPoints.personId, c.personId), eq(s.contactPoints.kind, "phone"))))[0]!;
    const call = await startCall(ctx(agent), { caseId: c.id, contactPointId: phone.id });
    expect(call.referenceCode).toMatch(/^[A-Z0-9]{6,}$/);
    await expect(recordCallOutcome(ctx(agent), { attemptId: call.attemptId, outcome: "conversation" })).rejects.toMatchObject({ field: "identityStatementGiven" });
    await expect(recordCallOutcome(ctx(agent), { attemptId: call.attemptId, outcome: "conversation", identityStatementGiven: true })).rejects.toMatchObject({ field: "miniMirandaGiven" });
    await recordCallOutcome(ctx(agent), { attemptId: call.attemptId, outcome: "conversation", identityStatementGiven: true, miniMirandaGiven: true });
    const outcomes = await t.db.select().from(s.contactOutcomes).where(eq(s.contactOutcomes.attemptId, call.attemptId));
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.details).toMatchObject({ identityStatementGiven: true, miniMirandaGiven: true });
    // The next call within seven days of a conversation is refused (US-REGF-FREQ-CONV7) and writes no attempt.
    await expect(startCall(ctx(agent, new Date(NOON_NY.getTime() + DAY)), { caseId: c.id, contactPointId: phone.id })).rejects.toBeInstanceOf(ComplianceRefusedError);
    expect(await t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.caseId, c.id))).toHaveLength(1);
  });

  it("refuses the 8th call in seven days with US-REGF-FREQ-7IN7 and no ledger row, but stores the decision", async () => {
    const c = await newCase();
    const phone = (await t.db.select().from(s.contactPoints).where(and(eq(s.contactPoints.personId, c.personId), eq(s.contactPoints.kind, "phone"))))[0]!;
    for (let i = 0; i < 7; i++) {
      const at = new Date(NOON_NY.getTime() - (6 - i) * DAY - 3 * 3_600_000);
      const [a] = await t.db.insert(s.contactAttempts).values({
        referenceCode: `T7${i}${c.id.slice(0, 6)}`, caseId: c.id, personId: c.personId, partyPersonId: c.personId, partyRole: "consumer", contactPointId: phone.id,
        address: phone.value, channel: "call", direction: "outbound", purpose: "collection", accountIds: [c.accounts[0]!.id], startedAt: at,
      }).returning({ id: s.contactAttempts.id });
      await t.db.insert(s.contactOutcomes).values({ attemptId: a!.id, outcome: "no_answer", source: "agent", at });
    }
    const error = await startCall(ctx(agent), { caseId: c.id, contactPointId: phone.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComplianceRefusedError);
    expect((error as ComplianceRefusedError).decision.results.map((r) => r.rule)).toContain("US-REGF-FREQ-7IN7");
    expect(await t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.caseId, c.id))).toHaveLength(7);
    const decisions = await t.db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.caseId, c.id));
    expect(decisions.map((d) => d.decision)).toEqual(["defer"]);
  });

  it("third-party calls: only emergency contacts and references, purpose location, never the debt", async () => {
    const c = await newCase();
    const spouse = await makePerson(t.db, { person: { fullName: "Sam Spouse" } });
    const friend = await makePerson(t.db, { person: { fullName: "Frankie Friend" } });
    const [sp] = await t.db.insert(s.relatedParties).values({ debtorPersonId: c.personId, personId: spouse.id, relationship: "spouse" }).returning();
    const [fr] = await t.db.insert(s.relatedParties).values({ debtorPersonId: c.personId, personId: friend.id, relationship: "emergency_contact" }).returning();
    const spPhone = spouse.contactPoints.find((p) => p.kind === "phone")!;
    const frPhone = friend.contactPoints.find((p) => p.kind === "phone")!;
    await expect(startThirdPartyCall(ctx(agent), { caseId: c.id, relatedPartyId: sp!.id, contactPointId: spPhone.id })).rejects.toMatchObject({ field: "relatedPartyId" });
    await expect(startThirdPartyCall(ctx(agent), { caseId: c.id, relatedPartyId: fr!.id, contactPointId: spPhone.id })).rejects.toMatchObject({ field: "contactPointId" });
    const r = await startThirdPartyCall(ctx(agent), { caseId: c.id, relatedPartyId: fr!.id, contactPointId: frPhone.id });
    const [a] = await t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.id, r.attemptId));
    expect(a).toMatchObject({ purpose: "location", partyRole: "emergency_contact", partyPersonId: friend.id });
    // Asked once: a second location call to the same third party is refused (US-REGF-LOC).
    await recordCallOutcome(ctx(agent), { attemptId: r.attemptId, outcome: "conversation", identityStatementGiven: true });
    await expect(startThirdPartyCall(ctx(agent, new Date(NOON_NY.getTime() + 3_600_000)), { caseId: c.id, relatedPartyId: fr!.id, contactPointId: frPhone.id })).rejects.toBeInstanceOf(ComplianceRefusedError);
  });
});

describe("messages from a template", () => {
  it("an allowed SMS becomes an agent step due now; an opted-out channel is refused with its rule and writes no step", async () => {
    const c = await newCase();
    const [tpl] = await t.db.insert(s.templates).values({
      code: "agent_sms", channel: "sms", language: "en", ruleSet: "US-FDCPA", purpose: "collection",
      body: "Casebook Recovery: please call {{callback}} about your account. Ref {{reference}}. Reply STOP to opt out.",
      discloses: "debt", hasOptOut: true, identifiesCollector: true, hasMiniMiranda: true,
    }).returning();
    expect((await listMessageTemplates(ctx(agent), c.id)).map((x) => x.code)).toContain("agent_sms");
    const phone = (await t.db.select().from(s.contactPoints).where(and(eq(s.contactPoints.personId, c.personId), eq(s.contactPoints.kind, "phone"))))[0]!;
    const email = (await t.db.select().from(s.contactPoints).where(and(eq(s.contactPoints.personId, c.personId), eq(s.contactPoints.kind, "email"))))[0]!;
    await expect(sendMessage(ctx(agent), { caseId: c.id, contactPointId: email.id, templateId: tpl!.id })).rejects.toMatchObject({ field: "contactPointId" });
    const { stepId } = await sendMessage(ctx(agent), { caseId: c.id, contactPointId: phone.id, templateId: tpl!.id });
    const [step] = await t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, stepId));
    expect(step).toMatchObject({ kind: "agent", channel: "sms", state: "planned", templateCode: "agent_sms", contactPointId: phone.id });
    await recordOptOut(ctx(agent), { caseId: c.id, channel: "sms" });
    const refused = await sendMessage(ctx(agent), { caseId: c.id, contactPointId: phone.id, templateId: tpl!.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ComplianceRefusedError);
    expect((refused as ComplianceRefusedError).decision.results.map((r) => r.rule)).toContain("US-REGF-MEDIUM");
    expect(await t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.caseId, c.id))).toHaveLength(1);
    // The refusal is kept with the input the engine saw, like every gate decision.
    const [kept] = await t.db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.id, (refused as ComplianceRefusedError).decision.decisionId));
    expect(kept).toMatchObject({ caseId: c.id, channel: "sms", decision: "block" });
    expect((kept!.request as { proposed: { channel: string } }).proposed.channel).toBe("sms");
  });
});

describe("messages and the queue (issue 12: no enqueue error swallowed)", () => {
  it("the agent's SMS is a dispatch job on the context's queue; a queue that fails reaches the agent and the step stays for the sweep", async () => {
    const c = await newCase();
    const [tpl] = await t.db.insert(s.templates).values({
      code: "agent_sms_queue", channel: "sms", language: "en", ruleSet: "US-FDCPA", purpose: "collection",
      body: "Casebook Recovery: please call {{callback}} about your account. Ref {{reference}}. Reply STOP to opt out.",
      discloses: "debt", hasOptOut: true, identifiesCollector: true, hasMiniMiranda: true,
    }).returning();
    const phone = (await t.db.select().from(s.contactPoints).where(and(eq(s.contactPoints.personId, c.personId), eq(s.contactPoints.kind, "phone"))))[0]!;
    const queue = recordingJobQueue();
    const { stepId } = await sendMessage(testContext(t.db, agent, NOON_NY, { enqueue: queue }), { caseId: c.id, contactPointId: phone.id, templateId: tpl!.id });
    expect(queue.steps).toEqual([{ channel: "sms", stepId, version: 0 }]);

    // Redis unreachable: the producer's enqueue fails within its bound, and the agent is told.
    const producer = createProducer({ env: { REDIS_URL: "redis://127.0.0.1:1", CASEBOOK_QUEUE_PREFIX: "cbtest-unreachable" } });
    try {
      const failing = testContext(t.db, agent, NOON_NY, { enqueue: producerJobQueue(producer, { timeoutMs: 500 }) });
      await expect(sendMessage(failing, { caseId: c.id, contactPointId: phone.id, templateId: tpl!.id })).rejects.toBeInstanceOf(Error);
    } finally {
      await Promise.race([producer.close(), new Promise((r) => setTimeout(r, 500))]);
    }
    // The step was committed before the enqueue: the sweep still sends it.
    const steps = await t.db.select().from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, c.id), eq(s.outreachSteps.templateCode, "agent_sms_queue")));
    expect(steps.map((x) => x.state)).toEqual(["planned", "planned"]);
  });
});

describe("sign-in and language", () => {
  it("throttles after five failures for one email from one address, even with the right password", async () => {
    const deps = { db: t.db, now: NOON_NY, sleep: async () => {} };
    expect(await authenticateUser(deps, { email: agentEmail, password: "right-password", ip: "10.0.0.1" })).toMatchObject({ ok: true, user: { role: "agent" } });
    for (let i = 0; i < 5; i++) expect(await authenticateUser(deps, { email: agentEmail.toUpperCase(), password: `wrong-${i}`, ip: "10.0.0.1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticateUser(deps, { email: agentEmail, password: "right-password", ip: "10.0.0.1" })).toEqual({ ok: false, reason: "throttled" });
    // Another address is slowed down, not locked out (issue 10: test/security).
    // Fifteen minutes later the window has passed.
    expect(await authenticateUser({ db: t.db, now: new Date(NOON_NY.getTime() + 16 * 60_000) }, { email: agentEmail, password: "right-password" })).toMatchObject({ ok: true });
    expect(await authenticateUser(deps, { email: "nobody@casebook.test", password: "x" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("persists the user's language", async () => {
    await setUserLocale(ctx(agent), { locale: "zh-CN" });
    expect((await t.db.select().from(s.users).where(eq(s.users.email, agentEmail)))[0]!.locale).toBe("zh-CN");
    await expect(setUserLocale(ctx(agent), { locale: "fr" as "en" })).rejects.toBeInstanceOf(ValidationError);
  });
});
