import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as s from "@casebook/db/schema";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import { createPaymentPlan, postPayment, recordPromise, reversePayment, type Actor } from "../../src";
import { testContext } from "../../src/testing";

// Issue 16, payments in: a reversal (returned payment, chargeback) reopens what the payment closed —
// the plan it completed, the instalments it paid, the promise it kept, the account it paid off.
const NOW = new Date("2026-03-03T17:00:00Z"); // noon in New York
let t: TestDatabase;
let agent: Actor;
let clientId: string;
let teamId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  teamId = (await makeTeam(t.db)).id;
  const a = await makeUser(t.db, { role: "agent", teamId });
  agent = { kind: "user", userId: a.id, role: "agent", teamId, label: "agent" };
  clientId = (await makeClient(t.db)).id;
}, 60_000);
afterAll(async () => {
  await t.drop();
});

const ctx = () => testContext(t.db, agent, NOW);
const newCase = (balanceMinor: number) => makeCase(t.db, { clientId, teamId, ownerUserId: agent.kind === "user" ? agent.userId : null, now: NOW, accounts: [{ balanceMinor }] });

describe("reversePayment", () => {
  it("a plan the payment completed is active again, its instalments due again, the paid-off account open again", async () => {
    const c = await newCase(300_00);
    const plan = await createPaymentPlan(ctx(), { caseId: c.id, totalMinor: 300_00, installmentCount: 3, frequency: "monthly", firstDueDate: "2026-03-15" });
    expect(plan.status).toBe("active");
    const payments = [];
    for (let i = 0; i < 3; i++) payments.push(await postPayment(ctx(), { caseId: c.id, amountMinor: 100_00, method: "ach", reference: `PL-${i}` }));
    const planNow = async () => (await t.db.select().from(s.paymentPlans).where(eq(s.paymentPlans.id, plan.planId)))[0]!;
    const installments = async () => (await t.db.select().from(s.planInstallments).where(eq(s.planInstallments.planId, plan.planId))).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    const account = async () => (await t.db.select().from(s.accounts).where(eq(s.accounts.caseId, c.id)))[0]!;
    expect((await planNow()).status).toBe("completed");
    expect((await installments()).map((i) => i.status)).toEqual(["paid", "paid", "paid"]);
    expect((await account()).status).toBe("paid");

    const r = await reversePayment(ctx(), { paymentId: payments[2]!.paymentId, reason: "chargeback" });
    expect(r.reopenedAccounts).toBe(1);
    expect((await planNow()).status).toBe("active");
    // The latest instalment loses what the payment paid; the two before stay paid.
    expect((await installments()).map((i) => [i.status, i.paidMinor])).toEqual([["paid", 100_00], ["paid", 100_00], ["due", 0]]);
    expect(await account()).toMatchObject({ status: "active", balanceMinor: 100_00, closeCode: null });
    await expect(reversePayment(ctx(), { paymentId: payments[2]!.paymentId, reason: "chargeback" })).rejects.toMatchObject({ key: "payment_already_reversed" });
  });

  it("a promise the payment kept is pending again while its date is ahead", async () => {
    const c = await newCase(500_00);
    await recordPromise(ctx(), { caseId: c.id, amountMinor: 200_00, dueDate: "2026-03-10" });
    const paid = await postPayment(ctx(), { caseId: c.id, amountMinor: 200_00, method: "card", reference: "PR-1" });
    const promise = async () => (await t.db.select().from(s.promises).where(eq(s.promises.caseId, c.id)))[0]!;
    expect((await promise()).status).toBe("kept");
    await reversePayment(ctx(), { paymentId: paid.paymentId, reason: "nsf" });
    expect(await promise()).toMatchObject({ status: "pending", resolvedAt: null });
    expect((await t.db.select().from(s.accounts).where(eq(s.accounts.caseId, c.id)))[0]!.balanceMinor).toBe(500_00);
  });

  it("a promise the payment kept is broken when its date has passed by the reversal", async () => {
    const c = await newCase(500_00);
    await recordPromise(ctx(), { caseId: c.id, amountMinor: 200_00, dueDate: "2026-03-10" });
    const paid = await postPayment(ctx(), { caseId: c.id, amountMinor: 200_00, method: "card", reference: "PB-1" });
    const later = testContext(t.db, agent, new Date("2026-03-20T17:00:00Z"));
    await reversePayment(later, { paymentId: paid.paymentId, reason: "returned" });
    expect((await t.db.select().from(s.promises).where(eq(s.promises.caseId, c.id)))[0]!.status).toBe("broken");
  });
});
