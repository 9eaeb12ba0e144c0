import { checkPlacementRecord, createApiImportRun, errorMessage, getAccountHistory, getApiAccount, getApiImportRun, isErrorKey, listApiAccounts, listImportQuarantine, openApiDispute, placeAccount, placeApiHold, postApiPayment, recallApiAccount, reverseApiPayment, type DomainContext } from "@casebook/domain";
import { enqueueImportRun, readImportJobProgress } from "@casebook/jobs";
import { appProducer } from "@/lib/infra";
import { quarantineCsvStream } from "@/lib/imports/quarantine-csv";
import { defineOperation, type UploadedFile } from "./handler";
import { fieldError, FieldProblems } from "./problem";
import type { z } from "zod";
import * as S from "./schemas";

// Every endpoint of /api/v1, once: the route files export handle(op), the OpenAPI document lists them.

export const createPlacement = defineOperation({
  operationId: "createPlacement", method: "POST", path: "/api/v1/placements", tag: "Placements", scope: "accounts:write",
  summary: "Place one account",
  description: "Idempotent by accountReference: a reference placed already (by API or file) is updated, never duplicated; a changed balance is recorded as a balance adjustment.",
  body: S.PlacementRequest,
  responses: { 201: S.PlacementResult, 200: S.PlacementResult },
  async run(ctx, { body }) {
    // Every field's problem at once (the verb reports the first): the same checks as a file's rows.
    const checked = checkPlacementRecord(ctx.now.toISOString().slice(0, 10), body);
    if (!checked.ok) throw new FieldProblems(checked.problems.map((p) => fieldError(p.field.split("."), p.reason)));
    const r = await placeAccount(ctx, body);
    return { status: r.created ? 201 : 200, body: { accountReference: r.accountReference, created: r.created, balanceChanged: r.balanceChanged } };
  },
});

export const listAccounts = defineOperation({
  operationId: "listAccounts", method: "GET", path: "/api/v1/accounts", tag: "Accounts", scope: "accounts:read",
  summary: "List your accounts, a page at a time", query: S.AccountListQuery,
  responses: { 200: S.AccountPage },
  async run(ctx, { query }) {
    return { status: 200, body: await listApiAccounts(ctx, query ?? {}) };
  },
});

export const getAccount = defineOperation({
  operationId: "getAccount", method: "GET", path: "/api/v1/accounts/{accountReference}", tag: "Accounts", scope: "accounts:read", params: ["accountReference"],
  summary: "An account's status and balance",
  responses: { 200: S.Account },
  async run(ctx, { params }) {
    return { status: 200, body: await getApiAccount(ctx, params.accountReference!) };
  },
});

export const getHistory = defineOperation({
  operationId: "getAccountHistory", method: "GET", path: "/api/v1/accounts/{accountReference}/history", tag: "Accounts", scope: "accounts:read", params: ["accountReference"],
  summary: "An account's history, newest first", query: S.PageQuery,
  responses: { 200: S.HistoryPage },
  async run(ctx, { params, query }) {
    return { status: 200, body: await getAccountHistory(ctx, { accountReference: params.accountReference!, ...query }) };
  },
});

export const createPayment = defineOperation({
  operationId: "createPayment", method: "POST", path: "/api/v1/payments", tag: "Payments", scope: "accounts:write",
  summary: "Report a payment received",
  description: "Idempotent by reference: the same reference again answers the payment recorded (200, duplicate: true).",
  body: S.PaymentRequest,
  responses: { 201: S.Payment, 200: S.Payment },
  async run(ctx, { body }) {
    const r = await postApiPayment(ctx, body);
    return { status: r.duplicate ? 200 : 201, body: r };
  },
});

export const createReversal = defineOperation({
  operationId: "createReversal", method: "POST", path: "/api/v1/payments/{paymentId}/reversals", tag: "Payments", scope: "accounts:write", params: ["paymentId"],
  summary: "Reverse a payment (returned, NSF, chargeback)",
  description: "Reopens what the payment closed: the balance, a paid-off account, plan installments, a kept promise.",
  body: S.ReversalRequest,
  responses: { 200: S.Reversal },
  async run(ctx, { params, body }) {
    return { status: 200, body: await reverseApiPayment(ctx, { paymentId: params.paymentId!, reason: body.reason }) };
  },
});

export const createRecall = defineOperation({
  operationId: "recallAccount", method: "POST", path: "/api/v1/accounts/{accountReference}/recall", tag: "Accounts", scope: "accounts:write", params: ["accountReference"],
  summary: "Recall an account: closed, outreach stopped at once",
  body: S.RecallRequest,
  responses: { 200: S.RecallResult },
  async run(ctx, { params, body }) {
    return { status: 200, body: await recallApiAccount(ctx, { accountReference: params.accountReference!, reason: body.reason }) };
  },
});

export const createDispute = defineOperation({
  operationId: "openDispute", method: "POST", path: "/api/v1/accounts/{accountReference}/disputes", tag: "Accounts", scope: "accounts:write", params: ["accountReference"],
  summary: "Report a dispute the debtor raised with you: collection of the account pauses",
  body: S.DisputeRequest,
  responses: { 201: S.Dispute },
  async run(ctx, { params, body }) {
    return { status: 201, body: await openApiDispute(ctx, { accountReference: params.accountReference!, ...body }) };
  },
});

export const createHold = defineOperation({
  operationId: "placeHold", method: "POST", path: "/api/v1/accounts/{accountReference}/holds", tag: "Accounts", scope: "accounts:write", params: ["accountReference"],
  summary: "Place a hold (cease, bankruptcy, deceased...): outreach to the debtor stops",
  body: S.HoldRequest,
  responses: { 201: S.Hold },
  async run(ctx, { params, body }) {
    return { status: 201, body: await placeApiHold(ctx, { accountReference: params.accountReference!, ...body }) };
  },
});

/** A file body becomes a queued import run of the key's client (the worker's run-import job reads it
 *  from the import disk), with the mapping sent or the client's saved one. */
async function acceptImportFile(ctx: DomainContext, kind: "placement" | "payment", query: z.infer<typeof S.FileImportQuery> | undefined, file: UploadedFile) {
  let mapping: Record<string, string> | undefined;
  if (query?.mapping !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(query.mapping);
    } catch {
      throw new FieldProblems([fieldError(["mapping"], "invalid_input")]);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new FieldProblems([fieldError(["mapping"], "invalid_input")]);
    const bad = Object.entries(parsed).filter(([, column]) => typeof column !== "string" || column === "");
    if (bad.length) throw new FieldProblems(bad.map(([field]) => fieldError(["mapping", field], "invalid_input")));
    mapping = parsed as Record<string, string>;
  }
  const run = await createApiImportRun(ctx, { kind, filePath: file.path, fileName: query?.fileName ?? "upload.csv", encoding: query?.encoding, mapping });
  await enqueueImportRun(appProducer(), run.runId);
  return { status: 202, body: { importId: run.runId, status: "queued", mapping: run.mapping, statusUrl: `/api/v1/imports/${run.runId}` } };
}

/** A file endpoint: the CSV body streamed to disk (over the size limit 413), 202 with the import's id. */
const fileOperation = (kind: "placement" | "payment", meta: { operationId: string; path: string; tag: string; summary: string; description: string }) => defineOperation({
  ...meta, method: "POST", scope: "accounts:write", upload: "text/csv", query: S.FileImportQuery,
  responses: { 202: S.ImportAccepted },
  async run(ctx, { query, file }) {
    return acceptImportFile(ctx, kind, query, file!);
  },
});

export const createPlacementFile = fileOperation("placement", {
  operationId: "createPlacementFile", path: "/api/v1/placements/files", tag: "Placements",
  summary: "Place accounts by file (CSV), imported in the background",
  description: "The body is the CSV file (Content-Type: text/csv, UTF-8 or GBK), streamed to disk; over the size limit 413. Answers 202 with the import's id at once; GET /api/v1/imports/{importId} for its progress and summary. Rows are checked as single placements are: bad rows are quarantined with row, field and reason, the rest placed (idempotent by accountReference). A file missing a mapped required column is refused at once (400 naming mapping.<field>).",
});

export const createPaymentFile = fileOperation("payment", {
  operationId: "createPaymentFile", path: "/api/v1/payments/files", tag: "Payments",
  summary: "Report payments and reversals by file (CSV), applied in the background",
  description: "The body is the CSV file (Content-Type: text/csv), streamed to disk; over the size limit 413. Fields: externalReference, accountReference, amountMinor (whole minor units), currency, paidDate (YYYY-MM-DD), type (payment or reversal; default payment). Each row is applied as POST /api/v1/payments (or a reversal of the payment with that externalReference): once per externalReference, so a file sent again posts nothing twice. Bad rows are quarantined with row, field and reason, the rest applied. Answers 202; GET /api/v1/imports/{importId} for the summary (created: payments posted, updated: reversals).",
});

export const getImport = defineOperation({
  operationId: "getImport", method: "GET", path: "/api/v1/imports/{importId}", tag: "Imports", scope: "accounts:read", params: ["importId"],
  summary: "An import's progress, then its summary",
  responses: { 200: S.ImportRun },
  async run(ctx, { params }) {
    const run = await getApiImportRun(ctx, { runId: params.importId! });
    // While it runs, the job's own progress (BullMQ) is fresher than the run's row (written every 10,000 rows).
    const job = run.status === "running" ? await readImportJobProgress(appProducer(), run.id).catch(() => null) : null;
    const counts = job && (job.rowsRead ?? 0) >= run.rowsRead ? job : run;
    return {
      status: 200,
      body: {
        importId: run.id, kind: run.kind, fileName: run.fileName, status: run.status,
        rowsRead: counts.rowsRead ?? 0, rowsValid: counts.rowsValid ?? 0, rowsQuarantined: counts.rowsQuarantined ?? 0,
        created: run.created, updated: run.updated, balanceChanges: run.balanceChanges,
        error: run.errorKey ? { code: run.errorKey, detail: isErrorKey(run.errorKey) ? errorMessage(run.errorKey, run.errorParams ?? {}) : run.errorKey } : null,
        createdAt: run.createdAt.toISOString(), startedAt: run.startedAt?.toISOString() ?? null, finishedAt: run.finishedAt?.toISOString() ?? null,
        quarantineUrl: `/api/v1/imports/${run.id}/quarantine`,
      },
    };
  },
});

export const getImportQuarantine = defineOperation({
  operationId: "getImportQuarantine", method: "GET", path: "/api/v1/imports/{importId}/quarantine", tag: "Imports", scope: "accounts:read", params: ["importId"],
  summary: "An import's quarantined rows as CSV (row, field, reason)",
  produces: "text/csv",
  responses: { 200: S.QuarantineCsv },
  async run(ctx, { params }) {
    const run = await getApiImportRun(ctx, { runId: params.importId! });
    const body = await quarantineCsvStream((page) => listImportQuarantine(ctx, { runId: run.id, ...page }),
      (key) => (isErrorKey(key) ? errorMessage(key, { field: "", firstRow: "…", detail: "", encoding: run.encoding.toUpperCase(), maximum: "", currency: "" }) : key));
    return { status: 200, body, headers: { "content-disposition": `attachment; filename="quarantine-${run.id}.csv"` } };
  },
});

export const OPERATIONS = [createPlacement, createPlacementFile, listAccounts, getAccount, getHistory, createPayment, createPaymentFile, createReversal, createRecall, createDispute, createHold, getImport, getImportQuarantine];
