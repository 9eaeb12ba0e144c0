import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as s from "@casebook/db/schema";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import { createImportRun, createPaymentPlan, ForbiddenError, listImportQuarantine, recordPromise, runImport, systemActor, type Actor } from "../../src";
import { testContext } from "../../src/testing";

// Issue 16, payments by file: each row applied through the API's payment verbs (promises kept, plans
// completed, reversals reopening them), once per external reference; bad rows quarantined naming the
// field, the rest applied; another client's account refused.
const NOW = new Date("2026-03-03T17:00:00Z");
const HEADER = "Ref,Account,Amount,Ccy,Paid,Type";
const MAPPING = { externalReference: "Ref", accountReference: "Account", amountMinor: "Amount", currency: "Ccy", paidDate: "Paid", type: "Type" };
let t: TestDatabase;
let dir: string;
let supervisor: Actor;
let agent: Actor;
let clientId: string;
let otherClientId: string;
let a1: { caseId: string; ref: string; accountId: string };
let a2: { caseId: string; ref: string; accountId: string; planId: string };
let b1: { caseId: string; ref: string; accountId: string };

let n = 0;
async function importPayments(rows: string[], actor: Actor = supervisor) {
  const file = path.join(dir, `p${n++}.csv`);
  await writeFile(file, `${[HEADER, ...rows].join("\n")}\n`);
  const { runId } = await createImportRun(testContext(t.db, actor, NOW), { clientId, kind: "payment", filePath: file, fileName: "payments.csv", encoding: "utf-8", mapping: MAPPING });
  // The worker's entry point for every import job.
  const summary = await runImport(testContext(t.db, systemActor("test-worker"), NOW), { runId });
  const quarantine = await listImportQuarantine(testContext(t.db, supervisor, NOW), { runId });
  return { runId, summary, quarantine: quarantine.map((q) => [q.rowNo, q.field, q.reason]) };
}
const account = async (id: string) => (await t.db.select().from(s.accounts).where(eq(s.accounts.id, id)))[0]!;
const paymentsOf = async (caseId: string) => t.db.select().from(s.payments).where(eq(s.payments.caseId, caseId));
const promiseOf = async (caseId: string) => (await t.db.select().from(s.promises).where(eq(s.promises.caseId, caseId)))[0]!;
const planOf = async (planId: string) => (await t.db.select().from(s.paymentPlans).where(eq(s.paymentPlans.id, planId)))[0]!;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "casebook-payments-"));
  const teamId = (await makeTeam(t.db)).id;
  const sup = await makeUser(t.db, { role: "supervisor", teamId });
  supervisor = { kind: "user", userId: sup.id, role: "supervisor", teamId, label: "sup" };
  const ag = await makeUser(t.db, { role: "agent", teamId });
  agent = { kind: "user", userId: ag.id, role: "agent", teamId, label: "agent" };
  clientId = (await makeClient(t.db, { currency: "USD" })).id;
  otherClientId = (await makeClient(t.db, { currency: "USD" })).id;
  const mk = async (client: string, balanceMinor: number) => {
    const c = await makeCase(t.db, { clientId: client, teamId, ownerUserId: ag.id, now: NOW, accounts: [{ balanceMinor }] });
    return { caseId: c.id, ref: c.accounts[0]!.clientReference, accountId: c.accounts[0]!.id };
  };
  a1 = await mk(clientId, 300_00);
  await recordPromise(testContext(t.db, agent, NOW), { caseId: a1.caseId, amountMinor: 200_00, dueDate: "2026-03-10" });
  const second = await mk(clientId, 100_00);
  const plan = await createPaymentPlan(testContext(t.db, agent, NOW), { caseId: second.caseId, totalMinor: 100_00, installmentCount: 2, frequency: "monthly", firstDueDate: "2026-03-15" });
  a2 = { ...second, planId: plan.planId };
  b1 = await mk(otherClientId, 500_00);
}, 60_000);
afterAll(async () => {
  await t.drop();
});

describe("payments file", () => {
  it("applies the good rows (promise kept, plan completed, account paid off) and quarantines each bad one naming its field", async () => {
    const r = await importPayments([
      `P-1,${a1.ref},20000,USD,2026-03-02,payment`,
      `P-2,${a2.ref},5000,usd,2026-03-01,`,
      `P-3,${a1.ref},-500,USD,2026-03-02,payment`,
      `P-4,${a1.ref},12.50,USD,2026-03-02,payment`,
      `P-5,${a1.ref},100,XXQ,2026-03-02,payment`,
      `P-6,${a1.ref},100,USD,2026-02-30,payment`,
      `P-7,NO-SUCH-ACCOUNT,100,USD,2026-03-02,payment`,
      `P-8,${b1.ref},100,USD,2026-03-02,payment`,
      `P-9,${a2.ref},5000,USD,2026-03-02,payment`,
      `P-10,${a1.ref},100,USD,2026-03-04,payment`,
      `P-11,${a1.ref},100,USD,2026-03-02,refund`,
      `P-12,${a1.ref},999999,USD,2026-03-02,payment`,
    ]);
    expect(r.summary).toMatchObject({ status: "completed", rowsRead: 12, rowsValid: 3, rowsQuarantined: 9, created: 3, updated: 0 });
    expect(r.quarantine).toEqual([
      [3, "amountMinor", "amount_negative"],
      [4, "amountMinor", "amount_not_whole"],
      [5, "currency", "currency_unknown"],
      [6, "paidDate", "date_invalid"],
      [7, "accountReference", "account_unknown"],
      [8, "accountReference", "account_unknown"],
      [10, "paidDate", "payment_in_future"],
      [11, "type", "invalid_option"],
      [12, "amountMinor", "amount_over_balance"],
    ]);
    expect((await account(a1.accountId)).balanceMinor).toBe(100_00);
    expect((await promiseOf(a1.caseId)).status).toBe("kept");
    expect(await account(a2.accountId)).toMatchObject({ balanceMinor: 0, status: "paid", closeCode: "paid_in_full" });
    expect((await planOf(a2.planId)).status).toBe("completed");
    const p1 = (await paymentsOf(a1.caseId))[0]!;
    expect(p1).toMatchObject({ reference: "P-1", amountMinor: 200_00, currency: "USD", receivedAt: new Date("2026-03-02T00:00:00Z") });
    // Another client's account is not this client's: untouched.
    expect(await paymentsOf(b1.caseId)).toEqual([]);
    expect((await account(b1.accountId)).balanceMinor).toBe(500_00);
    const audits = await t.sql`select action from audit_events where action in ('payment.post', 'import.payment')`;
    expect(audits.map((a) => a.action).sort()).toEqual(["import.payment", "payment.post", "payment.post", "payment.post"]);
  });

  it("posts nothing twice when the same file comes again (idempotent by external reference)", async () => {
    const before = (await paymentsOf(a1.caseId)).length + (await paymentsOf(a2.caseId)).length;
    const r = await importPayments([
      `P-1,${a1.ref},20000,USD,2026-03-02,payment`,
      `P-2,${a2.ref},5000,USD,2026-03-01,payment`,
      `P-9,${a2.ref},5000,USD,2026-03-02,payment`,
    ]);
    expect(r.summary).toMatchObject({ status: "completed", rowsRead: 3, rowsValid: 3, rowsQuarantined: 0, created: 0 });
    expect((await paymentsOf(a1.caseId)).length + (await paymentsOf(a2.caseId)).length).toBe(before);
    expect((await account(a1.accountId)).balanceMinor).toBe(100_00);
  });

  it("reverses by external reference: the paid-off account and the completed plan reopen, the kept promise is pending again; once only", async () => {
    const rows = [
      `P-9,${a2.ref},5000,USD,2026-03-03,reversal`,
      `P-1,${a1.ref},20000,USD,2026-03-03,reversal`,
      `P-2,${a2.ref},4000,USD,2026-03-03,reversal`,
      `P-404,${a1.ref},100,USD,2026-03-03,reversal`,
    ];
    const r = await importPayments(rows);
    expect(r.summary).toMatchObject({ status: "completed", rowsRead: 4, rowsValid: 2, rowsQuarantined: 2, created: 0, updated: 2 });
    expect(r.quarantine).toEqual([[3, "amountMinor", "reversal_amount_mismatch"], [4, "externalReference", "payment_unknown"]]);
    expect(await account(a2.accountId)).toMatchObject({ balanceMinor: 50_00, status: "active", closeCode: null });
    expect((await planOf(a2.planId)).status).toBe("active");
    expect(await account(a1.accountId)).toMatchObject({ balanceMinor: 300_00 });
    expect((await promiseOf(a1.caseId)).status).toBe("pending");

    const again = await importPayments(rows.slice(0, 2));
    expect(again.summary).toMatchObject({ status: "completed", rowsValid: 2, updated: 0 });
    expect((await account(a2.accountId)).balanceMinor).toBe(50_00);
    expect((await account(a1.accountId)).balanceMinor).toBe(300_00);
  });

  it("refuses a file without a mapped required column (failed, nothing applied), and an agent's import", async () => {
    const file = path.join(dir, "nocol.csv");
    await writeFile(file, `Ref,Account,Ccy,Paid\nP-50,${a1.ref},USD,2026-03-02\n`);
    const ctx = testContext(t.db, supervisor, NOW);
    const { runId } = await createImportRun(ctx, { clientId, kind: "payment", filePath: file, fileName: "nocol.csv", encoding: "utf-8", mapping: { ...MAPPING, amountMinor: "Amount" } });
    const summary = await runImport(testContext(t.db, systemActor("test-worker"), NOW), { runId });
    expect(summary).toMatchObject({ status: "failed", errorKey: "column_missing" });
    expect((await paymentsOf(a1.caseId)).map((p) => p.reference)).not.toContain("P-50");
    await expect(createImportRun(testContext(t.db, agent, NOW), { clientId, kind: "payment", filePath: file, fileName: "x.csv", encoding: "utf-8", mapping: MAPPING })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createImportRun(ctx, { clientId, kind: "payment", filePath: file, fileName: "x.csv", encoding: "utf-8", mapping: { ...MAPPING, balanceMinor: "Amount" } })).rejects.toMatchObject({ field: "mapping.balanceMinor" });
  });
});
