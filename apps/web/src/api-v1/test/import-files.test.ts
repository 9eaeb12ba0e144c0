import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runImport, systemActor } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";
import { csv, MAPPING, row } from "./placement-csv";

// The import disk and its size limit are read when the app's env is first loaded: set before any import.
const dir = vi.hoisted(() => {
  process.env.IMPORT_MAX_MB = "1";
  return { path: "" };
});
dir.path = mkdtempSync(path.join(tmpdir(), "casebook-api-import-"));
process.env.IMPORT_DIR = dir.path;
vi.mock("server-only", () => ({}));

const { getImport, getQuarantine, openapi, postFile, postPaymentFile } = await import("./file-routes");
const { call, withApiFixture } = await import("./fixture");

// Issue 16, placements by file through the API: the file streamed to the import disk, a queued run of
// the key's client with the sent or saved mapping (202), its progress and summary, its quarantine CSV;
// a body over the limit (413), replays, and one client never seeing another's import (404).
const f = withApiFixture();

const filePath = (mapping?: object, extra = "") => `/api/v1/placements/files?fileName=bank.csv${mapping ? `&mapping=${encodeURIComponent(JSON.stringify(mapping))}` : ""}${extra}`;

const postCsv = (key: string, body: string, options: { mapping?: object; idempotencyKey?: string; contentType?: string } = {}) =>
  call(postFile, { path: filePath(options.mapping), key, rawBody: body, idempotencyKey: options.idempotencyKey, headers: { "content-type": options.contentType ?? "text/csv" } });
const filesOnDisk = async () => (await readdir(dir.path)).sort();
const runsOf = async (clientId: string) => (await f.t.sql`select count(*)::int as n from import_runs where client_id = ${clientId}`)[0]!.n as number;
/** The worker's job, run here: the import pipeline's own entry point. */
const work = (runId: string) => runImport(testContext(f.t.db, systemActor("test-worker"), new Date()), { runId });

async function quarantineCsv(key: string, importId: string) {
  const r = await getQuarantine(new Request(`http://localhost/api/v1/imports/${importId}/quarantine`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ importId }) });
  return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
}

describe("POST /api/v1/placements/files", () => {
  it("queues a run of the key's client (202), which the import job places; progress, summary and the quarantine by the API", async () => {
    const before = await filesOnDisk();
    const r = await postCsv(f.clientA.key, csv(row("FILE-1"), row("FILE-2", "-1500"), row("FILE-3", "700", "XXQ"), row("FILE-4")), { mapping: MAPPING });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ status: "queued", mapping: MAPPING, statusUrl: `/api/v1/imports/${r.body.importId}` });
    const [run] = await f.t.sql`select client_id, kind, status, file_name, file_path from import_runs where id = ${r.body.importId}`;
    expect(run).toMatchObject({ client_id: f.clientA.id, kind: "placement", status: "queued", file_name: "bank.csv" });
    expect(await filesOnDisk()).toEqual([...before, path.basename(run!.file_path)].sort());

    const queued = await call(getImport, { path: `/api/v1/imports/${r.body.importId}`, key: f.clientA.key, params: { importId: r.body.importId } });
    expect(queued.body).toMatchObject({ status: "queued", rowsRead: 0 });
    expect(await work(r.body.importId)).toMatchObject({ status: "completed", created: 2 });

    const done = await call(getImport, { path: `/api/v1/imports/${r.body.importId}`, key: f.clientA.key, params: { importId: r.body.importId } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ importId: r.body.importId, kind: "placement", status: "completed", rowsRead: 4, rowsValid: 2, rowsQuarantined: 2, created: 2, updated: 0, error: null, quarantineUrl: `/api/v1/imports/${r.body.importId}/quarantine` });
    expect(done.body.finishedAt).not.toBeNull();
    const placed = await f.t.sql`select client_reference from accounts where client_id = ${f.clientA.id} and client_reference like 'FILE-%' order by 1`;
    expect(placed.map((a) => a.client_reference)).toEqual(["FILE-1", "FILE-4"]);

    const q = await quarantineCsv(f.clientA.key, r.body.importId);
    expect(q.status).toBe(200);
    expect(q.type).toBe("text/csv; charset=utf-8");
    const lines = q.text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("row,field,reason,message,account_reference");
    expect(lines.slice(1)).toEqual([
      "2,balanceMinor,amount_negative,must not be negative,FILE-2",
      "3,currency,currency_unknown,not a known ISO 4217 currency,FILE-3",
    ]);
  });

  it("uses the client's saved mapping when the request sends none; a re-import updates, never duplicates", async () => {
    const r = await postCsv(f.clientA.key, csv(row("FILE-1", "42000"), row("FILE-5")));
    expect(r.status).toBe(202);
    expect(r.body.mapping).toEqual(MAPPING);
    expect(await work(r.body.importId)).toMatchObject({ status: "completed", created: 1, updated: 1, balanceChanges: 1 });
    const rows = await f.t.sql`select balance_minor from accounts where client_id = ${f.clientA.id} and client_reference = 'FILE-1'`;
    expect(rows.map((a) => Number(a.balance_minor))).toEqual([42_000]);
  });

  it("refuses, naming the field, a file with no mapping sent or saved, a mapped column the file lacks, and a mapping that is not JSON; nothing stays on disk, no run", async () => {
    const before = await filesOnDisk();
    const runsB = await runsOf(f.clientB.id);
    const none = await postCsv(f.clientB.key, csv(row("B-1")));
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: "mapping", code: "import_mapping_missing" })]);
    const missing = await postCsv(f.clientB.key, "Account No,Name,Currency,Due,Country\r\nB-1,Lee,USD,2026-01-01,US\r\n", { mapping: MAPPING });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: "mapping.balanceMinor", code: "column_missing" })]);
    const unknown = await postCsv(f.clientB.key, csv(row("B-1")), { mapping: { ...MAPPING, shoeSize: "Name" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: "mapping.shoeSize", code: "invalid_option" })]);
    const notJson = await call(postFile, { path: "/api/v1/placements/files?mapping=%7Bnope", key: f.clientB.key, rawBody: csv(row("B-1")), headers: { "content-type": "text/csv" } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors).toEqual([expect.objectContaining({ field: "mapping", code: "invalid_input" })]);
    const empty = await postCsv(f.clientB.key, "", { mapping: MAPPING });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: "file", code: "required" })]);
    const json = await postCsv(f.clientB.key, csv(row("B-1")), { mapping: MAPPING, contentType: "application/json" });
    expect(json.status).toBe(415);
    expect(await filesOnDisk()).toEqual(before);
    expect(await runsOf(f.clientB.id)).toBe(runsB);
  });

  it("refuses a file over the size limit (413 problem), nothing left on disk, no run", async () => {
    const before = await filesOnDisk();
    const runsA = await runsOf(f.clientA.id);
    const big = csv(...Array.from({ length: 25_000 }, (_, i) => row(`BIG-${i}`)));
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    // Streamed (no Content-Length): cut off as it passes the limit.
    const streamed = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
    const r = await call(postFile, { path: filePath(MAPPING), key: f.clientA.key, rawBody: streamed, headers: { "content-type": "text/csv" } });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ code: "payload_too_large", errors: [expect.objectContaining({ field: "file", code: "upload_too_large" })] });
    const declared = await call(postFile, { path: filePath(MAPPING), key: f.clientA.key, rawBody: big, headers: { "content-type": "text/csv", "content-length": String(Buffer.byteLength(big)) } });
    expect(declared.status).toBe(413);
    expect(await filesOnDisk()).toEqual(before);
    expect(await runsOf(f.clientA.id)).toBe(runsA);
  });

  it("answers a replayed Idempotency-Key with the first run (one run, one file), and another file under it with 422", async () => {
    const before = await filesOnDisk();
    const runsA = await runsOf(f.clientA.id);
    const key = `file-${randomBytes(4).toString("hex")}`;
    const first = await postCsv(f.clientA.key, csv(row("IDEM-F1")), { idempotencyKey: key });
    const again = await postCsv(f.clientA.key, csv(row("IDEM-F1")), { idempotencyKey: key });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await postCsv(f.clientA.key, csv(row("IDEM-F2")), { idempotencyKey: key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_mismatch");
    expect(await runsOf(f.clientA.id)).toBe(runsA + 1);
    expect((await filesOnDisk()).length).toBe(before.length + 1);
  });
});

describe("POST /api/v1/payments/files", () => {
  it("applies the key's client's payments once per external reference; a row for another client's account is quarantined, that account untouched", async () => {
    const mapping = { externalReference: "Ref", accountReference: "Account", amountMinor: "Amount", currency: "Currency", paidDate: "Paid" };
    const body = `Ref,Account,Amount,Currency,Paid\r\nPAY-F1,${f.clientA.accountReference},1500,USD,2026-01-02\r\nPAY-F2,${f.clientB.accountReference},1500,USD,2026-01-02\r\n`;
    const send = () => call(postPaymentFile, { path: `/api/v1/payments/files?mapping=${encodeURIComponent(JSON.stringify(mapping))}`, key: f.clientA.key, rawBody: body, headers: { "content-type": "text/csv" } });
    const balance = async (id: string) => Number((await f.t.sql`select balance_minor from accounts where id = ${id}`)[0]!.balance_minor);
    const [beforeA, beforeB] = [await balance(f.clientA.accountId), await balance(f.clientB.accountId)];
    const r = await send();
    expect(r.status).toBe(202);
    expect(await work(r.body.importId)).toMatchObject({ status: "completed", rowsValid: 1, rowsQuarantined: 1, created: 1 });
    const done = await call(getImport, { path: `/api/v1/imports/${r.body.importId}`, key: f.clientA.key, params: { importId: r.body.importId } });
    expect(done.body).toMatchObject({ kind: "payment", status: "completed", created: 1, rowsQuarantined: 1 });
    expect((await quarantineCsv(f.clientA.key, r.body.importId)).text).toContain(`2,accountReference,account_unknown,no account of this client has this reference,${f.clientB.accountReference}`);
    expect(await balance(f.clientA.accountId)).toBe(beforeA - 1500);
    expect(await balance(f.clientB.accountId)).toBe(beforeB);
    // The same file again (another Idempotency-Key): nothing posted twice.
    const again = await send();
    expect(await work(again.body.importId)).toMatchObject({ status: "completed", rowsValid: 1, created: 0 });
    expect(await balance(f.clientA.accountId)).toBe(beforeA - 1500);
    expect((await f.t.sql`select count(*)::int as n from payments where reference = 'PAY-F1'`)[0]!.n).toBe(1);
  });
});

describe("client isolation", () => {
  it("another client's key gets 404 for an import and its quarantine, as for an unknown or malformed id", async () => {
    const r = await postCsv(f.clientA.key, csv(row("ISO-1", "-1")), { mapping: MAPPING });
    await work(r.body.importId);
    for (const importId of [r.body.importId, "5f0c1a1e-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const other = await call(getImport, { path: `/api/v1/imports/${importId}`, key: f.clientB.key, params: { importId } });
      expect(other.status).toBe(404);
      expect(other.body.code).toBe("not_found");
      const q = await quarantineCsv(f.clientB.key, importId);
      expect(q.status).toBe(404);
    }
    const audits = await f.t.sql`select count(*)::int as n from audit_events where action = 'import.quarantine_view' and entity_id = ${r.body.importId}`;
    expect(audits[0]!.n).toBe(0);
    const own = await call(getImport, { path: `/api/v1/imports/${r.body.importId}`, key: f.clientA.key, params: { importId: r.body.importId } });
    expect(own.status).toBe(200);
  });
});

describe("OpenAPI", () => {
  it("documents the file endpoint (text/csv body, 202) and the import's status and quarantine", async () => {
    const doc = await openapi().json();
    const post = doc.paths["/api/v1/placements/files"].post;
    expect(Object.keys(post.requestBody.content)).toContain("text/csv");
    expect(post.responses["202"].content["application/json"].schema.$ref).toBe("#/components/schemas/ImportAccepted");
    expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["mapping", "encoding", "fileName", "Idempotency-Key"]));
    expect(doc.paths["/api/v1/imports/{importId}"].get.responses["200"].content["application/json"].schema.$ref).toBe("#/components/schemas/ImportRun");
    expect(Object.keys(doc.paths["/api/v1/imports/{importId}/quarantine"].get.responses["200"].content)).toEqual(["text/csv"]);
    expect(Object.keys(doc.paths["/api/v1/payments/files"].post.requestBody.content)).toContain("text/csv");
  });
});
