import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import { bookCallback, postPayment, ValidationError, type Actor, type DomainContext } from "../../src";
import { testContext } from "../../src/testing";

// Issue 9 §1 and §5: each check-then-insert is a unique index, and each race of two inserts of the same
// fact (two transactions on two connections, started together) leaves exactly one row.

// Tuesday 2026-03-03 12:00 in New York.
const NOON_NY = new Date("2026-03-03T17:00:00Z");

let t: TestDatabase;
let teamId: string;
let clientId: string;
let agent: Actor;
const ctx = (now = NOON_NY): DomainContext => testContext(t.db, agent, now);
const newCase = (extra: Parameters<typeof makeCase>[1] = {}) => makeCase(t.db, { clientId, teamId, now: NOON_NY, ...extra });
const settle = <T,>(ps: Array<Promise<T>>) => Promise.allSettled(ps);
const rejections = (rs: PromiseSettledResult<unknown>[]) => rs.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);

beforeAll(async () => {
  process.env.CASEBOOK_QUEUE_PREFIX = `test-one-row-${Date.now()}`;
  t = await createTestDatabase();
  teamId = (await makeTeam(t.db, { name: "Race" })).id;
  clientId = (await makeClient(t.db)).id;
  const u = await makeUser(t.db, { teamId });
  agent = { kind: "user", userId: u.id, role: "agent", teamId, label: u.email };
});
afterAll(async () => {
  await t?.drop();
});

describe("payments by external reference: money once (§5)", () => {
  it("two posts of one reference racing store one payment; the other is refused naming the reference", async () => {
    const c = await newCase();
    const results = await settle([0, 1].map(() => postPayment(ctx(), { caseId: c.id, amount: "100.00", method: "card", reference: "TXN-42" })));
    const payments = await t.db.select().from(s.payments).where(eq(s.payments.caseId, c.id));
    expect(payments).toHaveLength(1);
    const [err] = rejections(results);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ field: "reference", key: "payment_reference_recorded", params: { reference: "TXN-42" } });
    // The balance moved once.
    const [account] = await t.db.select().from(s.accounts).where(eq(s.accounts.caseId, c.id));
    expect(account!.balanceMinor).toBe(123_456 - 10_000);

    // Later, the same reference again: refused too; another reference is a new payment.
    await expect(postPayment(ctx(), { caseId: c.id, amount: "1.00", method: "card", reference: "TXN-42" })).rejects.toMatchObject({ key: "payment_reference_recorded" });
    await postPayment(ctx(), { caseId: c.id, amount: "1.00", method: "card", reference: "TXN-43" });
    expect(await t.db.select().from(s.payments).where(eq(s.payments.caseId, c.id))).toHaveLength(2);
  });

  it("two raw inserts of one (case, reference) racing on two connections leave one row", async () => {
    const c = await newCase();
    const insert = () => t.db.transaction(async (tx) =>
      tx.insert(s.payments).values({ caseId: c.id, currency: "USD", amountMinor: 500, method: "check", reference: "CHK-1001", receivedAt: NOON_NY })
        .onConflictDoNothing({ target: [s.payments.caseId, s.payments.reference], where: sql`reference is not null` }).returning({ id: s.payments.id }));
    const [a, b] = await Promise.all([insert(), insert()]);
    expect(a!.length + b!.length).toBe(1);
    expect(await t.db.select().from(s.payments).where(eq(s.payments.caseId, c.id))).toHaveLength(1);
  });

  it("scales the typed amount by the debt's currency on the server: 12.5 is 1250 cents of USD; JPY has no minor unit", async () => {
    const usd = await newCase();
    const { allocations } = await postPayment(ctx(), { caseId: usd.id, amount: "12.5", method: "card" });
    expect(allocations).toEqual([{ accountId: usd.accounts[0]!.id, amountMinor: 1250 }]);

    const jpy = await newCase({ accounts: [{ currency: "JPY", balanceMinor: 50_000 }] });
    const yen = await postPayment(ctx(), { caseId: jpy.id, amount: "125", method: "card" });
    expect(yen.allocations).toEqual([{ accountId: jpy.accounts[0]!.id, amountMinor: 125 }]);
    await expect(postPayment(ctx(), { caseId: jpy.id, amount: "125.50", method: "card" })).rejects.toMatchObject({ field: "amount", key: "amount_format" });
    const [row] = await t.db.select({ currency: s.payments.currency, amountMinor: s.payments.amountMinor }).from(s.payments).where(eq(s.payments.caseId, jpy.id));
    expect(row).toEqual({ currency: "JPY", amountMinor: 125 });
    // Both or neither of amount / amountMinor is refused, naming the field.
    await expect(postPayment(ctx(), { caseId: usd.id, amount: "1", amountMinor: 100, method: "card" })).rejects.toMatchObject({ field: "amount", key: "required" });
  });
});

describe("promises: one pending promise per case, so one live promise per call (§1)", () => {
  it("two inserts of a pending promise for one case racing on two connections leave one pending row", async () => {
    const c = await newCase();
    const insert = () => t.db.transaction(async (tx) =>
      tx.insert(s.promises).values({ caseId: c.id, accountIds: c.accounts.map((a) => a.id), amountMinor: 1000, currency: "USD", dueDate: "2026-03-10", contactAttemptId: randomUUID() })
        .onConflictDoNothing({ target: s.promises.caseId, where: sql`status = 'pending'` }).returning({ id: s.promises.id }));
    const [a, b] = await Promise.all([insert(), insert()]);
    expect(a!.length + b!.length).toBe(1);
    expect(await t.db.select().from(s.promises).where(and(eq(s.promises.caseId, c.id), eq(s.promises.status, "pending")))).toHaveLength(1);
  });
});

describe("callbacks: one open callback per case, the one the case's callback_at shows (§1)", () => {
  it("two bookings racing leave one open callback, and the case's callback_at is its time", async () => {
    const c = await newCase();
    const times = [new Date("2026-03-03T19:00:00Z"), new Date("2026-03-03T20:00:00Z")];
    await Promise.all(times.map((dueAt) => bookCallback(ctx(), { caseId: c.id, dueAt })));
    const open = await t.db.select().from(s.callbacks).where(and(eq(s.callbacks.caseId, c.id), isNull(s.callbacks.doneAt)));
    expect(open).toHaveLength(1);
    const [row] = await t.db.select({ callbackAt: s.cases.callbackAt }).from(s.cases).where(eq(s.cases.id, c.id));
    expect(row!.callbackAt!.toISOString()).toBe(open[0]!.dueAt.toISOString());
  });

  it("two raw inserts of an open callback for one case racing on two connections leave one row", async () => {
    const c = await newCase();
    const insert = (h: number) => t.db.transaction(async (tx) =>
      tx.insert(s.callbacks).values({ caseId: c.id, dueAt: new Date(NOON_NY.getTime() + h * 3_600_000) })
        .onConflictDoNothing({ target: s.callbacks.caseId, where: sql`done_at is null` }).returning({ id: s.callbacks.id }));
    const [a, b] = await Promise.all([insert(1), insert(2)]);
    expect(a!.length + b!.length).toBe(1);
    expect(await t.db.select().from(s.callbacks).where(eq(s.callbacks.caseId, c.id))).toHaveLength(1);
  });
});

describe("step claims: one claim per step version, the dispatch job's identity (§1)", () => {
  it("two claims of one step version racing on two connections leave one ledger row", async () => {
    const c = await newCase();
    const [step] = await t.db.insert(s.outreachSteps).values({
      caseId: c.id, personId: c.personId, partyPersonId: c.personId, accountIds: c.accounts.map((a) => a.id), kind: "test",
      channel: "sms", templateCode: "x", purpose: "collection", dueAt: NOON_NY,
    }).returning();
    const claim = () => t.db.transaction(async (tx) =>
      tx.insert(s.contactAttempts).values({
        dispatchId: randomUUID(), referenceCode: randomUUID().slice(0, 8), caseId: c.id, personId: c.personId, partyPersonId: c.personId,
        partyRole: "consumer", channel: "sms", direction: "outbound", purpose: "collection", accountIds: c.accounts.map((a) => a.id),
        outreachStepId: step!.id, outreachStepVersion: step!.deferrals, startedAt: NOON_NY,
      }).onConflictDoNothing().returning({ id: s.contactAttempts.id }));
    const [a, b] = await Promise.all([claim(), claim()]);
    expect(a!.length + b!.length).toBe(1);
    expect(await t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, step!.id))).toHaveLength(1);
  });
});
