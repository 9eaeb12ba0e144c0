import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import { cancelImportRun, createImportRun, ForbiddenError, getImportRun, listImportQuarantine, previewImportFile, recordImportUpload, rerunImportRun, runImport, type Actor } from "../../src";
import { testContext } from "../../src/testing";

// Issue 16, placement files: every bad input gets a clear error and loses nothing that was right.
const NOW = new Date("2026-03-03T15:00:00Z");
let t: TestDatabase;
let dir: string;
let supervisor: Actor;
let clientId: string;
const HEADER = "Account No,Name,Balance,Currency,Due,Country,State,ZIP,Phone,Email";
const mapping = { accountReference: "Account No", fullName: "Name", balanceMinor: "Balance", currency: "Currency", dueDate: "Due", country: "Country", region: "State", postalCode: "ZIP", phone: "Phone", email: "Email" };
const row = (ref: string, over: Partial<Record<"name" | "balance" | "currency" | "due", string>> = {}) =>
  [ref, over.name ?? "Lee Park", over.balance ?? "12345", over.currency ?? "USD", over.due ?? "2026-01-15", "US", "NY", "11215", "212-555-0100", "lee@example.com"].join(",");

let n = 0;
async function importFile(content: string | Buffer, options: { encoding?: "utf-8" | "gbk"; kind?: "placement" | "recall"; map?: Record<string, string> } = {}) {
  const file = path.join(dir, `f${n++}.csv`);
  await writeFile(file, content);
  const ctx = testContext(t.db, supervisor, NOW);
  const { runId } = await createImportRun(ctx, { clientId, kind: options.kind ?? "placement", filePath: file, fileName: "f.csv", encoding: options.encoding ?? "utf-8", mapping: options.map ?? mapping });
  const summary = await runImport(ctx, { runId });
  return { runId, summary, quarantine: await listImportQuarantine(ctx, { runId }) };
}
const accounts = async () => Number((await t.sql`select count(*)::int as n from accounts where client_id = ${clientId}`)[0]!.n);

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "casebook-import-"));
  await makeTeam(t.db);
  const u = await makeUser(t.db, { role: "supervisor" });
  supervisor = { kind: "user", userId: u.id, role: "supervisor", teamId: u.teamId, label: "sup" };
  clientId = (await makeClient(t.db)).id;
}, 60_000);
afterAll(async () => {
  await t.drop();
});

describe("placement file import", () => {
  it("imports UTF-8 with a BOM, quoted fields with commas and newlines", async () => {
    const r = await importFile(`\uFEFF${HEADER}\n${row("U-1", { name: '"Park, Lee\nJr."' })}\n${row("U-2")}\n`);
    expect(r.summary).toMatchObject({ status: "completed", rowsRead: 2, rowsValid: 2, rowsQuarantined: 0, created: 2 });
    const [p] = await t.sql`select p.full_name from persons p join accounts a on a.person_id = p.id where a.client_reference = 'U-1'`;
    expect(p!.full_name).toBe("Park, Lee\nJr.");
  });

  it("imports a GBK file (Chinese names) decoded right", async () => {
    const r = await importFile(iconv.encode(`${HEADER}\n${row("G-1", { name: "张伟" })}\n`, "gbk"), { encoding: "gbk" });
    expect(r.summary.status).toBe("completed");
    const [p] = await t.sql`select p.full_name from persons p join accounts a on a.person_id = p.id where a.client_reference = 'G-1'`;
    expect(p!.full_name).toBe("张伟");
  });

  it("refuses a GBK file sent as UTF-8 (wrong encoding): failed, nothing merged", async () => {
    const before = await accounts();
    const r = await importFile(iconv.encode(`${HEADER}\n${row("W-1", { name: "张伟" })}\n`, "gbk"));
    expect(r.summary).toMatchObject({ status: "failed", errorKey: "encoding_invalid" });
    expect(await accounts()).toBe(before);
  });

  it("refuses malformed CSV (an unclosed quote): failed, nothing merged", async () => {
    const before = await accounts();
    const r = await importFile(`${HEADER}\n${row("M-1")}\n"M-2,Lee,1,USD\n`);
    expect(r.summary).toMatchObject({ status: "failed", errorKey: "row_malformed" });
    expect(await accounts()).toBe(before);
  });

  it("refuses a file missing a required column, naming it", async () => {
    const r = await importFile(`Account No,Name\nX-1,Lee\n`);
    expect(r.summary).toMatchObject({ status: "failed", errorKey: "column_missing" });
    const [run] = await t.sql`select error_params from import_runs where id = ${r.runId}`;
    expect(run!.error_params).toEqual({ field: "currency" });
  });

  it("quarantines a row with extra or missing columns and imports the rest", async () => {
    const r = await importFile(`${HEADER}\n${row("E-1")},surplus\n${row("E-2")}\nE-3,Lee\n`);
    expect(r.summary).toMatchObject({ status: "completed", rowsRead: 3, rowsValid: 1, rowsQuarantined: 2, created: 1 });
    expect(r.quarantine.map((q) => [q.rowNo, q.field, q.reason])).toEqual([[1, "row", "row_malformed"], [3, "row", "row_malformed"]]);
  });

  it("keeps the first of duplicate rows in one file and quarantines the others", async () => {
    const r = await importFile(`${HEADER}\n${row("D-1")}\n${row("D-1", { balance: "999" })}\n`);
    expect(r.summary).toMatchObject({ rowsValid: 1, rowsQuarantined: 1, created: 1 });
    expect(r.quarantine).toEqual([{ rowNo: 2, field: "accountReference", reason: "duplicate_row", accountReference: "D-1" }]);
  });

  it("quarantines negative and non-numeric amounts, impossible dates and unknown currencies, each with its field", async () => {
    const r = await importFile(`${HEADER}\n${row("B-1", { balance: "-5" })}\n${row("B-2", { balance: "12.50" })}\n${row("B-3", { due: "2026-02-31" })}\n${row("B-4", { currency: "XYZ" })}\n${row("B-5")}\n`);
    expect(r.summary).toMatchObject({ rowsRead: 5, rowsValid: 1, rowsQuarantined: 4 });
    expect(r.quarantine.map((q) => [q.rowNo, q.field, q.reason])).toEqual([
      [1, "balanceMinor", "amount_negative"], [2, "balanceMinor", "amount_not_whole"], [3, "dueDate", "date_invalid"], [4, "currency", "currency_unknown"],
    ]);
  });

  it("quarantines more bad rows than one quarantine batch while valid rows are still being copied (a 1% bad million-row file)", async () => {
    const bad = Array.from({ length: 10_050 }, (_, i) => row(`BIG-BAD-${i}`, { balance: "-1" }));
    const r = await importFile(`${HEADER}\n${row("BIG-1")}\n${bad.join("\n")}\n${row("BIG-2")}\n`);
    expect(r.summary).toMatchObject({ status: "completed", rowsRead: 10_052, rowsValid: 2, rowsQuarantined: 10_050, created: 2 });
    const [q] = await t.sql`select count(*)::int as n, min(row_no)::int as first, max(row_no)::int as last from import_quarantine where run_id = ${r.runId} and field = 'balanceMinor' and reason = 'amount_negative'`;
    expect(q).toEqual({ n: 10_050, first: 2, last: 10_051 });
  });

  it("queues each new account for the dashboards' fold once (the statement-level rollup trigger), an updated one not again", async () => {
    await importFile(`${HEADER}\n${row("Q-1")}\n${row("Q-2")}\n${row("Q-3")}\n`);
    await importFile(`${HEADER}\n${row("Q-1", { balance: "1" })}\n`);
    const queued = await t.sql`select a.client_reference as ref, count(i.id)::int as n from accounts a left join rollup_inbox i on i.ref_id = a.id and i.source = 'account'
      where a.client_id = ${clientId} and a.client_reference like 'Q-%' group by 1 order by 1`;
    expect(queued).toEqual([{ ref: "Q-1", n: 1 }, { ref: "Q-2", n: 1 }, { ref: "Q-3", n: 1 }]);
  });

  it("re-importing updates and never duplicates; a changed balance is a ledger row", async () => {
    await importFile(`${HEADER}\n${row("R-1", { balance: "10000" })}\n`);
    const again = await importFile(`${HEADER}\n${row("R-1", { balance: "8000" })}\n`);
    expect(again.summary).toMatchObject({ created: 0, updated: 1, balanceChanges: 1 });
    const rows = await t.sql`select a.balance_minor, b.delta_minor from accounts a join balance_adjustments b on b.account_id = a.id where a.client_reference = 'R-1' and a.client_id = ${clientId}`;
    expect(rows).toEqual([{ balance_minor: "8000", delta_minor: "-2000" }]);
  });

  it("a recall file closes the accounts at once", async () => {
    await importFile(`${HEADER}\n${row("C-1")}\n${row("C-2")}\n`);
    const r = await importFile(`Account No\nC-1\nC-2\nUNKNOWN\n`, { kind: "recall", map: { accountReference: "Account No" } });
    expect(r.summary).toMatchObject({ status: "completed", updated: 2 });
    const rows = await t.sql`select a.status, c.status as case_status from accounts a join cases c on c.id = a.case_id where a.client_reference in ('C-1', 'C-2') and a.client_id = ${clientId}`;
    expect(rows.every((x) => x.status === "recalled" && x.case_status === "closed")).toBe(true);
  });

  it("a cancelled import merges nothing and can be run again", async () => {
    const lines = Array.from({ length: 11_000 }, (_, i) => row(`K-${i}`)).join("\n");
    const file = path.join(dir, "cancel.csv");
    await writeFile(file, `${HEADER}\n${lines}\n`);
    const ctx = testContext(t.db, supervisor, NOW);
    const { runId } = await createImportRun(ctx, { clientId, kind: "placement", filePath: file, fileName: "cancel.csv", encoding: "utf-8", mapping });
    const before = await accounts();
    const summary = await runImport(ctx, { runId, onProgress: async (p) => { if (p.rowsRead === 10_000) await cancelImportRun(ctx, { runId }); } });
    expect(summary.status).toBe("cancelled");
    expect(await accounts()).toBe(before);
    expect(await t.sql`select 1 from import_quarantine where run_id = ${runId}`).toHaveLength(0);
    const { runId: again } = await createImportRun(ctx, { clientId, kind: "placement", filePath: file, fileName: "cancel.csv", encoding: "utf-8", mapping });
    const rerun = await runImport(ctx, { runId: again });
    expect(rerun).toMatchObject({ status: "completed", created: 11_000 });
    expect(await accounts()).toBe(before + 11_000);
  }, 300_000);

  it("a cancelled run is run again as a new run of the same file (rerunImportRun); a completed one is not", async () => {
    const file = path.join(dir, "rerun.csv");
    await writeFile(file, `${HEADER}\n${row("RR-1")}\n`);
    const ctx = testContext(t.db, supervisor, NOW);
    const { runId } = await createImportRun(ctx, { clientId, kind: "placement", filePath: file, fileName: "rerun.csv", encoding: "utf-8", mapping });
    await cancelImportRun(ctx, { runId });
    const { runId: again } = await rerunImportRun(ctx, { runId });
    expect(again).not.toBe(runId);
    expect(await getImportRun(ctx, { runId: again })).toMatchObject({ status: "queued", filePath: file, mapping });
    expect((await runImport(ctx, { runId: again })).status).toBe("completed");
    await expect(rerunImportRun(ctx, { runId: again })).rejects.toMatchObject({ key: "import_not_rerunnable" });
    const [audit] = await t.sql`select details from audit_events where action = 'import.rerun' and entity_id = ${again}`;
    expect(audit!.details).toMatchObject({ of: runId });
  });

  it("the preview reads the first rows and suggests the client's saved mapping; it and the upload are audited and refused to an agent", async () => {
    const file = path.join(dir, "preview.csv");
    await writeFile(file, iconv.encode(`${HEADER}\n${row("P-1", { name: "王芳" })}\n${row("P-2")}\n`, "gbk"));
    const ctx = testContext(t.db, supervisor, NOW);
    const p = await previewImportFile(ctx, { clientId, kind: "placement", filePath: file, encoding: "gbk", rows: 1 });
    expect(p.header[0]).toBe("Account No");
    expect(p.rows).toHaveLength(1);
    expect(p.rows[0]![1]).toBe("王芳");
    expect(p.suggested).toMatchObject(mapping);
    await expect(previewImportFile(ctx, { clientId, kind: "placement", filePath: file, encoding: "utf-8" })).rejects.toMatchObject({ field: "encoding", key: "encoding_invalid" });
    await expect(previewImportFile(ctx, { clientId, kind: "placement", filePath: path.join(dir, "gone.csv"), encoding: "utf-8" })).rejects.toMatchObject({ key: "import_file_missing" });
    const fileId = "7d1c5a1e-2b1e-4c1a-9d1e-0a1b2c3d4e5f";
    await recordImportUpload(ctx, { clientId, fileId, fileName: "preview.csv", bytes: 10 });
    expect(await t.sql`select 1 from audit_events where action = 'import.upload' and entity_id = ${fileId}`).toHaveLength(1);
    expect((await t.sql`select count(*)::int as n from audit_events where action = 'import.preview' and entity_id = ${clientId}`)[0]!.n).toBeGreaterThan(0);
    const a = await makeUser(t.db, { role: "agent" });
    const agent = testContext(t.db, { kind: "user", userId: a.id, role: "agent", teamId: a.teamId, label: "agent" }, NOW);
    await expect(previewImportFile(agent, { clientId, kind: "placement", filePath: file, encoding: "gbk" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(recordImportUpload(agent, { clientId, fileId, fileName: "x.csv", bytes: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
