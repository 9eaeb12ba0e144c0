import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runImport, systemActor } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";
import { csv, HEADER, MAPPING, row } from "./placement-csv";

// The import disk and its size limit are read when the app's env is first loaded: set before any
// import. 32 MB: room for a file of tens of MB streamed through (bounded memory) and one cut off past it.
const LIMIT_MB = vi.hoisted(() => {
  process.env.IMPORT_MAX_MB = "32";
  return 32;
});
const dir = mkdtempSync(path.join(tmpdir(), "casebook-api-multipart-"));
process.env.IMPORT_DIR = dir;
vi.mock("server-only", () => ({}));

const { getQuarantine, openapi, postFile, postPaymentFile } = await import("./file-routes");
const { call, withApiFixture } = await import("./fixture");

// Issue 16, the file endpoints' second form: multipart/form-data with one file part named `file` and
// the query's options as text fields, as a bank's system (or curl -F) sends a file. The file part is
// streamed to the import disk like a raw text/csv body; every refusal names its field and leaves no
// run and no file (not even a .part) behind.
const f = withApiFixture();
// The import disk of this file only: the large file's tens of MB are not left in the temp folder.
afterAll(() => rmSync(dir, { recursive: true, force: true }));


type Handler = typeof postFile;
/** Posts a FormData the way fetch encodes it (its own boundary), streamed as the request body. */
async function postForm(handler: Handler, key: string, form: FormData, options: { query?: string; idempotencyKey?: string | null; endpoint?: string } = {}) {
  const encoded = new Request("http://localhost/", { method: "POST", body: form });
  return call(handler, { path: `${options.endpoint ?? "/api/v1/placements/files"}${options.query ?? ""}`, key, rawBody: encoded.body!, idempotencyKey: options.idempotencyKey, headers: { "content-type": encoded.headers.get("content-type")! } });
}
const csvForm = (text: string, fields: Record<string, string> = {}, fileName = "bank.csv") => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new File([text], fileName, { type: "text/csv" }));
  return form;
};
/** A hand-written multipart body (for what FormData cannot send: a cut-off body, a part of another type). */
const BOUNDARY = "casebook-test-boundary";
const part = (name: string, content: string, fileName?: string, type?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${fileName ? `; filename="${fileName}"` : ""}\r\n${type ? `Content-Type: ${type}\r\n` : ""}\r\n${content}\r\n`;
const postRaw = (body: BodyInit, contentType = `multipart/form-data; boundary=${BOUNDARY}`, extra: Record<string, string> = {}) =>
  call(postFile, { path: "/api/v1/placements/files", key: f.clientB.key, rawBody: body, headers: { "content-type": contentType, ...extra } });

const filesOnDisk = async () => (await readdir(dir)).sort();
const runsOf = async (clientId: string) => (await f.t.sql`select count(*)::int as n from import_runs where client_id = ${clientId}`)[0]!.n as number;
const work = (runId: string) => runImport(testContext(f.t.db, systemActor("test-worker"), new Date()), { runId });
const sha256OfFile = (file: string) => new Promise<string>((resolve, reject) => {
  const hash = createHash("sha256");
  createReadStream(file).on("data", (c) => hash.update(c)).on("end", () => resolve(hash.digest("hex"))).on("error", reject);
});
async function quarantineText(key: string, importId: string) {
  const r = await getQuarantine(new Request(`http://localhost/api/v1/imports/${importId}/quarantine`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ importId }) });
  return (await r.text()).replace(/^\uFEFF/, "");
}
const summary = (r: Record<string, unknown>) => ({ status: r.status, rowsRead: r.rowsRead, rowsValid: r.rowsValid, rowsQuarantined: r.rowsQuarantined, created: r.created, updated: r.updated });

describe("POST /api/v1/placements/files as multipart/form-data", () => {
  it("imports exactly as the raw text/csv body does: the same bytes on disk, the same run, the same quarantine; the part's filename names the run", async () => {
    const text = csv(row("MP-1"), row("MP-2", "-1500"), row("MP-3", "700", "XXQ"), row("MP-4"));
    const raw = await call(postFile, { path: `/api/v1/placements/files?fileName=bank.csv&mapping=${encodeURIComponent(JSON.stringify(MAPPING))}`, key: f.clientA.key, rawBody: text, headers: { "content-type": "text/csv" } });
    const form = await postForm(postFile, f.clientB.key, csvForm(text, { mapping: JSON.stringify(MAPPING) }));
    expect(raw.status).toBe(202);
    expect(form.status).toBe(202);
    expect(form.body).toMatchObject({ status: "queued", mapping: MAPPING, statusUrl: `/api/v1/imports/${form.body.importId}` });

    const [run] = await f.t.sql`select client_id, kind, status, file_name, file_path from import_runs where id = ${form.body.importId}`;
    expect(run).toMatchObject({ client_id: f.clientB.id, kind: "placement", status: "queued", file_name: "bank.csv" });
    expect(await sha256OfFile(run!.file_path)).toBe(createHash("sha256").update(text).digest("hex"));

    const [rawRun, formRun] = [await work(raw.body.importId), await work(form.body.importId)];
    expect(summary(formRun as never)).toEqual(summary(rawRun as never));
    expect(formRun).toMatchObject({ status: "completed", created: 2, rowsQuarantined: 2 });
    expect(await quarantineText(f.clientB.key, form.body.importId)).toBe(await quarantineText(f.clientA.key, raw.body.importId));
    const placed = await f.t.sql`select client_reference from accounts where client_id = ${f.clientB.id} and client_reference like 'MP-%' order by 1`;
    expect(placed.map((a) => a.client_reference)).toEqual(["MP-1", "MP-4"]);
  });

  it("takes its options as form fields or as query parameters, a fileName field over the part's filename; the saved mapping when none is sent", async () => {
    const byQuery = await postForm(postFile, f.clientB.key, csvForm(csv(row("MP-5"))), { query: "?fileName=by-query.csv&encoding=utf-8" });
    expect(byQuery.status).toBe(202);
    expect(byQuery.body.mapping).toEqual(MAPPING);
    const byField = await postForm(postFile, f.clientB.key, csvForm(csv(row("MP-6")), { fileName: "by-field.csv", encoding: "utf-8" }, "ignored.csv"));
    expect(byField.status).toBe(202);
    const names = await f.t.sql`select file_name from import_runs where id in ${f.t.sql([byQuery.body.importId, byField.body.importId])} order by file_name`;
    expect(names.map((n) => n.file_name)).toEqual(["by-field.csv", "by-query.csv"]);
  });

  it("answers a replayed Idempotency-Key with the first run (one run, one file), and another file under it with 422", async () => {
    const before = await filesOnDisk();
    const runs = await runsOf(f.clientB.id);
    const key = `mp-${randomBytes(4).toString("hex")}`;
    const first = await postForm(postFile, f.clientB.key, csvForm(csv(row("MP-IDEM-1"))), { idempotencyKey: key });
    const again = await postForm(postFile, f.clientB.key, csvForm(csv(row("MP-IDEM-1"))), { idempotencyKey: key });
    expect(first.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await postForm(postFile, f.clientB.key, csvForm(csv(row("MP-IDEM-2"))), { idempotencyKey: key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_mismatch");
    // The same file under the same key but another option is another request too.
    const otherOption = await postForm(postFile, f.clientB.key, csvForm(csv(row("MP-IDEM-1")), { fileName: "renamed.csv" }), { idempotencyKey: key });
    expect(otherOption.status).toBe(422);
    expect(await runsOf(f.clientB.id)).toBe(runs + 1);
    expect((await filesOnDisk()).length).toBe(before.length + 1);
  });

  it("keeps each key to its own client: client A's key under client B's Idempotency-Key starts client A's own run", async () => {
    const key = `mp-iso-${randomBytes(4).toString("hex")}`;
    const b = await postForm(postFile, f.clientB.key, csvForm(csv(row("MP-ISO-1"))), { idempotencyKey: key });
    const a = await postForm(postFile, f.clientA.key, csvForm(csv(row("MP-ISO-1")), { mapping: JSON.stringify(MAPPING) }), { idempotencyKey: key });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.importId).not.toBe(b.body.importId);
    const owners = await f.t.sql`select id, client_id from import_runs where id in ${f.t.sql([a.body.importId, b.body.importId])}`;
    expect(Object.fromEntries(owners.map((o) => [o.id, o.client_id]))).toEqual({ [a.body.importId]: f.clientA.id, [b.body.importId]: f.clientB.id });
    const readOnly = await postForm(postFile, f.clientA.readOnlyKey, csvForm(csv(row("MP-ISO-2"))));
    expect(readOnly.status).toBe(403);
  });
});

describe("a refused form names its field and leaves no run and no file", () => {
  const file = part("file", csv(row("BAD-1")), "bank.csv", "text/csv");
  const end = `--${BOUNDARY}--\r\n`;
  const cases: Array<[string, () => Promise<{ status: number; body: { code: string; errors: Array<{ field: string; code: string }> } }>, number, string, string, string]> = [
    ["no file part", () => postRaw(part("encoding", "utf-8") + end), 400, "validation", "file", "required"],
    ["an empty file part", () => postRaw(part("file", "", "bank.csv", "text/csv") + end), 400, "validation", "file", "required"],
    ["two file parts", () => postRaw(file + part("file", csv(row("BAD-2")), "other.csv", "text/csv") + end), 400, "validation", "file", "file_multiple"],
    ["a file part of another name", () => postRaw(file + part("attachment", csv(row("BAD-2")), "other.csv", "text/csv") + end), 400, "validation", "attachment", "unknown_field"],
    ["an unknown field", () => postRaw(part("shoeSize", "42") + file + end), 400, "validation", "shoeSize", "unknown_field"],
    ["an unknown field after the file", () => postRaw(file + part("shoeSize", "42") + end), 400, "validation", "shoeSize", "unknown_field"],
    ["a field sent twice", () => postRaw(part("encoding", "utf-8") + part("encoding", "gbk") + file + end), 400, "validation", "encoding", "field_repeated"],
    ["an invalid option", () => postRaw(part("encoding", "latin1") + file + end), 400, "validation", "encoding", "invalid_option"],
    ["a mapping that is not JSON", () => postRaw(part("mapping", "{nope") + file + end), 400, "validation", "mapping", "invalid_input"],
    ["a field over 16 KB", () => postRaw(part("mapping", "x".repeat(20_000)) + file + end), 400, "validation", "mapping", "too_big"],
    ["a body cut off inside the file part", () => postRaw(file.slice(0, -40)), 400, "malformed_multipart", "body", "multipart_malformed"],
    ["a body with no closing boundary", () => postRaw(file), 400, "malformed_multipart", "body", "multipart_malformed"],
    ["a body that is not multipart", () => postRaw(csv(row("BAD-1"))), 400, "malformed_multipart", "body", "multipart_malformed"],
    ["multipart without a boundary", () => postRaw(file + end, "multipart/form-data"), 400, "validation", "Content-Type", "multipart_boundary_missing"],
    ["a file part that is not CSV", () => postRaw(part("file", "%PDF-1.7 ...", "bank.pdf", "application/pdf") + end), 415, "unsupported_media_type", "file", "file_type_unsupported"],
    ["a body of another content type", () => postRaw(file + end, "application/json"), 415, "unsupported_media_type", "Content-Type", "media_type_unsupported"],
    ["a form with a declared length over the limit", () => postRaw(file + end, undefined, { "content-length": String(LIMIT_MB * 1024 * 1024 * 2) }), 413, "payload_too_large", "file", "upload_too_large"],
  ];
  it.each(cases)("%s", async (_name, send, status, code, field, fieldCode) => {
    const before = await filesOnDisk();
    const runs = await runsOf(f.clientB.id);
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.body.code).toBe(code);
    expect(r.body.errors).toEqual([expect.objectContaining({ field, code: fieldCode })]);
    expect(await filesOnDisk()).toEqual(before);
    expect(await runsOf(f.clientB.id)).toBe(runs);
  });

  it("a field sent both in the form and in the query", async () => {
    const before = await filesOnDisk();
    const r = await postForm(postFile, f.clientB.key, csvForm(csv(row("BAD-3")), { encoding: "utf-8" }), { query: "?encoding=utf-8" });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: "encoding", code: "field_repeated" })]);
    expect(await filesOnDisk()).toEqual(before);
  });

  it("a form without an Idempotency-Key: 400 naming it, the file streamed meanwhile removed", async () => {
    const before = await filesOnDisk();
    const r = await postForm(postFile, f.clientB.key, csvForm(csv(row("BAD-4"))), { idempotencyKey: null });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: "Idempotency-Key", code: "required" })]);
    expect(await filesOnDisk()).toEqual(before);
  });
});

/**
 * A placement file of `bytes` bytes inside a multipart form, generated chunk by chunk as the handler
 * pulls it (never whole in this process either). Records, each time it is asked for more, how far
 * the bytes pulled run ahead of the bytes already written to the import disk's `.part` file: a
 * handler that buffered the body (formData(), arrayBuffer()) would pull it all before writing any.
 */
function generatedForm(bytes: number) {
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n${JSON.stringify(MAPPING)}\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const fileHash = createHash("sha256");
  const stats = { pulled: 0, fileBytes: 0, maxAheadOfDisk: 0, rssBefore: process.memoryUsage().rss, maxRss: 0, done: false };
  let next = 0;
  const onDisk = () => readdirSync(dir).filter((n) => n.endsWith(".part")).reduce((sum, n) => sum + statSync(path.join(dir, n), { throwIfNoEntry: false })!.size, 0);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.maxRss = Math.max(stats.maxRss, process.memoryUsage().rss);
      if (stats.pulled > 0 && !stats.done) stats.maxAheadOfDisk = Math.max(stats.maxAheadOfDisk, stats.fileBytes - onDisk());
      if (stats.pulled === 0) return void (controller.enqueue(head), (stats.pulled += head.length));
      if (stats.done) return controller.close();
      let text = stats.fileBytes === 0 ? `${HEADER}\r\n` : "";
      while (text.length < 64 * 1024) text += `${row(`BIG-${next++}`)}\r\n`;
      const chunk = Buffer.from(text);
      fileHash.update(chunk);
      stats.fileBytes += chunk.length;
      stats.pulled += chunk.length;
      if (stats.fileBytes + 64 * 1024 >= bytes) {
        stats.done = true;
        controller.enqueue(chunk);
        controller.enqueue(tail);
        return;
      }
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  return { body, stats, sha256: () => fileHash.digest("hex") };
}

describe("a large multipart file", () => {
  it("streams a 28 MB form through to disk with bounded memory: never more than 4 MB pulled ahead of the disk, RSS growth well under the file", async () => {
    const form = generatedForm(28 * 1024 * 1024);
    const r = await postRaw(form.body);
    expect(r.status).toBe(202);
    const [run] = await f.t.sql`select file_path, file_name from import_runs where id = ${r.body.importId}`;
    expect(run!.file_name).toBe("big.csv");
    expect(statSync(run!.file_path).size).toBe(form.stats.fileBytes);
    expect(await sha256OfFile(run!.file_path)).toBe(form.sha256());
    expect(form.stats.fileBytes).toBeGreaterThan(27 * 1024 * 1024);
    console.info(`multipart ${form.stats.fileBytes} bytes: max ${form.stats.maxAheadOfDisk} bytes ahead of disk, RSS +${form.stats.maxRss - form.stats.rssBefore} bytes`);
    expect(form.stats.maxAheadOfDisk).toBeLessThan(4 * 1024 * 1024);
    expect(form.stats.maxRss - form.stats.rssBefore).toBeLessThan(form.stats.fileBytes / 2);
  }, 120_000);

  it("cuts off a form whose file passes the limit: 413 naming file, reading stopped, the partial file removed", async () => {
    const before = await filesOnDisk();
    const runs = await runsOf(f.clientB.id);
    const form = generatedForm((LIMIT_MB + 4) * 1024 * 1024);
    const r = await postRaw(form.body);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ code: "payload_too_large", errors: [expect.objectContaining({ field: "file", code: "upload_too_large", detail: `the file is larger than ${LIMIT_MB} MB` })] });
    expect(form.stats.done).toBe(false);
    expect(form.stats.pulled).toBeLessThan((LIMIT_MB + 2) * 1024 * 1024);
    expect(await filesOnDisk()).toEqual(before);
    expect(await runsOf(f.clientB.id)).toBe(runs);
  }, 120_000);
  it("stops reading a form that goes on past its closing boundary beyond the limit (413 naming body), its file removed", async () => {
    const before = await filesOnDisk();
    const runs = await runsOf(f.clientB.id);
    const form = Buffer.from(part("file", csv(row("EPI-1")), "bank.csv", "text/csv") + `--${BOUNDARY}--\r\n`);
    const junk = Buffer.alloc(1024 * 1024, "x");
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > (LIMIT_MB + 4) * 1024 * 1024) return controller.close();
        controller.enqueue(sent === 0 ? form : junk);
        sent += sent === 0 ? form.length : junk.length;
      },
    }, { highWaterMark: 0 });
    const r = await postRaw(body);
    expect(r.status).toBe(413);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: "body", code: "upload_too_large" })]);
    expect(sent).toBeLessThan((LIMIT_MB + 2) * 1024 * 1024);
    expect(await filesOnDisk()).toEqual(before);
    expect(await runsOf(f.clientB.id)).toBe(runs);
  }, 120_000);
});

describe("POST /api/v1/payments/files as multipart/form-data", () => {
  it("applies the key's client's payments once per external reference, as the raw body does; another client's account is quarantined", async () => {
    const mapping = { externalReference: "Ref", accountReference: "Account", amountMinor: "Amount", currency: "Currency", paidDate: "Paid" };
    const text = `Ref,Account,Amount,Currency,Paid\r\nPAY-MP1,${f.clientA.accountReference},1500,USD,2026-01-02\r\nPAY-MP2,${f.clientB.accountReference},1500,USD,2026-01-02\r\n`;
    const balance = async (id: string) => Number((await f.t.sql`select balance_minor from accounts where id = ${id}`)[0]!.balance_minor);
    const [beforeA, beforeB] = [await balance(f.clientA.accountId), await balance(f.clientB.accountId)];
    const r = await postForm(postPaymentFile, f.clientA.key, csvForm(text, { mapping: JSON.stringify(mapping) }, "payments.csv"), { endpoint: "/api/v1/payments/files" });
    expect(r.status).toBe(202);
    expect(await work(r.body.importId)).toMatchObject({ status: "completed", rowsValid: 1, rowsQuarantined: 1, created: 1 });
    expect(await quarantineText(f.clientA.key, r.body.importId)).toContain(`2,accountReference,account_unknown,no account of this client has this reference,${f.clientB.accountReference}`);
    expect(await balance(f.clientA.accountId)).toBe(beforeA - 1500);
    expect(await balance(f.clientB.accountId)).toBe(beforeB);
    // The same file again, now as the raw body: nothing posted twice.
    const raw = await call(postPaymentFile, { path: "/api/v1/payments/files", key: f.clientA.key, rawBody: text, headers: { "content-type": "text/csv" } });
    expect(await work(raw.body.importId)).toMatchObject({ status: "completed", rowsValid: 1, created: 0 });
    expect(await balance(f.clientA.accountId)).toBe(beforeA - 1500);
  });
});

describe("OpenAPI", () => {
  it("describes both request bodies of each file endpoint: the raw text/csv file and a form with a binary file part", async () => {
    const doc = await openapi().json();
    for (const route of ["/api/v1/placements/files", "/api/v1/payments/files"]) {
      const content = doc.paths[route].post.requestBody.content;
      expect(Object.keys(content)).toEqual(["text/csv", "multipart/form-data"]);
      expect(content["text/csv"].schema).toMatchObject({ type: "string" });
      const form = content["multipart/form-data"].schema;
      expect(form).toMatchObject({ type: "object", required: ["file"], additionalProperties: false });
      expect(form.properties.file).toMatchObject({ type: "string", format: "binary", contentMediaType: "text/csv" });
      expect(Object.keys(form.properties).sort()).toEqual(["encoding", "file", "fileName", "mapping"]);
      expect(content["multipart/form-data"].encoding.file.contentType).toContain("text/csv");
      expect(doc.paths[route].post.responses["415"]).toBeDefined();
    }
  });
});
