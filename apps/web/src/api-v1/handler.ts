import { createHash } from "node:crypto";
import type { z } from "zod";
import { authenticateApiKey, beginIdempotent, completeIdempotent, domainContext, DomainError, releaseIdempotent, type ApiKeyIdentity, type DomainContext } from "@casebook/domain";
import { logSafeMessage } from "@casebook/config";
import { appInfra } from "@/lib/infra";
import { importMaxBytes, removeImportUpload } from "@/lib/imports/import-files";
import { BodyTooLargeError, readBodyWithin } from "@/lib/read-body";
import { readApiEnv } from "./env";
import { receiveFile, UPLOAD_MEDIA_TITLE } from "./upload-body";
import { UploadRefusal } from "./multipart";
import { domainProblem, fieldError, FieldProblems, problem } from "./problem";
import { apiRateLimiter } from "./rate-limit";

export type Scope = "accounts:read" | "accounts:write";

export interface Operation<B extends z.ZodType | undefined = z.ZodType | undefined, Q extends z.ZodObject | undefined = z.ZodObject | undefined> {
  operationId: string;
  method: "GET" | "POST";
  /** OpenAPI path template, e.g. /api/v1/accounts/{accountReference}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  scope: Scope;
  params?: string[];
  body?: B;
  query?: Q;
  /** The body is a file of this media type, streamed to the import disk (never parsed, never whole in
   *  memory, IMPORT_MAX_MB at most): run() gets where it lies. Sent either as the raw body or as the
   *  part named `file` of a multipart/form-data form whose other fields are the query's parameters. */
  upload?: "text/csv";
  /** The success body is this media type, streamed as run() returns it, instead of JSON. */
  produces?: "text/csv";
  /** Success statuses and their body schema (for `produces`, the schema of the text). */
  responses: Record<number, z.ZodType>;
  run(ctx: DomainContext, input: { body: B extends z.ZodType ? z.infer<B> : undefined; query: Q extends z.ZodObject ? z.infer<Q> : undefined; params: Record<string, string>; file?: UploadedFile }): Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;
}

/** A file body on the import disk, by id (its path derived from the id only). */
export interface UploadedFile { fileId: string; path: string; bytes: number }

export function defineOperation<B extends z.ZodType | undefined, Q extends z.ZodObject | undefined>(op: Operation<B, Q>): Operation<B, Q> {
  return op;
}

type RouteContext = { params: Promise<Record<string, string>> };

/**
 * One creditor API endpoint as a Next route handler, in this order: the key (401), the rate limit per
 * key (429), the key's scope (403), the body (413 over the limit, 415 not JSON, 400 malformed), the
 * Idempotency-Key of a POST (required; a replay answers what the first request answered, another body
 * under the same key 422), the schema (400 with every field), one domain verb as the key's client,
 * the response schema (a response that breaks it is a 500, never sent). A file body (`upload`), raw
 * or the file part of a multipart form (upload-body.ts), is streamed to the import disk first and compared by its SHA-256 for the Idempotency-Key; it is removed
 * again unless the verb took it.
 */
export function handle(op: Operation): (request: Request, context: RouteContext) => Promise<Response> {
  if (!op.upload) return (request, context) => handleRequest(op, request, context, null);
  return async (request, context) => {
    const upload: { file: UploadedFile | null; taken: boolean } = { file: null, taken: false };
    try {
      return await handleRequest(op, request, context, upload);
    } finally {
      if (upload.file && !upload.taken) await removeImportUpload(upload.file.fileId);
    }
  };
}

async function handleRequest(op: Operation, request: Request, context: RouteContext, upload: { file: UploadedFile | null; taken: boolean } | null): Promise<Response> {
  const infra = appInfra();
  const now = infra.clock();
  const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const identity: ApiKeyIdentity | null = presented ? await authenticateApiKey(infra.db, presented, now) : null;
  if (!identity) return problem(401, "unauthorized", { detail: "Send Authorization: Bearer <API key> with an active key" }, { "www-authenticate": "Bearer" });

  let rate;
  try {
    rate = await apiRateLimiter().consume(identity.keyId);
  } catch (error) {
    console.error(logSafeMessage(error));
    return problem(503, "unavailable", { detail: "rate limiter unavailable" }, { "retry-after": "5" });
  }
  const rateHeaders = { "ratelimit-limit": String(rate.limit), "ratelimit-remaining": String(rate.remaining), "ratelimit-reset": String(rate.resetSeconds) };
  if (!rate.allowed) return problem(429, "rate_limited", { detail: `at most ${rate.limit} requests per window per key` }, { ...rateHeaders, "retry-after": String(rate.resetSeconds) });
  if (!identity.scopes.includes(op.scope)) return problem(403, "forbidden", { detail: `this key lacks the ${op.scope} scope` }, rateHeaders);

  const params = await context.params;
  const url = new URL(request.url);
  const respond = (status: number, body: unknown, extra: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...rateHeaders, ...extra } });

  let body: unknown;
  let rawBody = "";
  let queryInput: Record<string, string> = Object.fromEntries(url.searchParams);
  if (op.method === "POST" && upload) {
    const received = await receiveFile(op, request, upload, queryInput);
    if (received instanceof UploadRefusal) return problem(received.status, received.code, { ...(received.status === 415 ? { title: UPLOAD_MEDIA_TITLE } : {}), detail: received.status === 413 ? `a file of at most ${importMaxBytes()} bytes` : received.message, errors: received.errors }, rateHeaders);
    // The Idempotency-Key compares the options (mapping, encoding, name) and the file's bytes.
    rawBody = received.idempotencyBody;
    queryInput = received.query;
  } else if (op.method === "POST") {
    if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) return problem(415, "unsupported_media_type", {}, rateHeaders);
    try {
      rawBody = await readBodyWithin(request, readApiEnv().API_BODY_LIMIT_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return problem(413, "payload_too_large", { detail: `at most ${readApiEnv().API_BODY_LIMIT_BYTES} bytes` }, rateHeaders);
      throw error;
    }
    try {
      body = JSON.parse(rawBody);
    } catch {
      return problem(400, "malformed_json", {}, rateHeaders);
    }
  }

  const errors = [];
  let parsedBody: unknown;
  if (op.body) {
    const r = op.body.safeParse(body, { reportInput: true });
    if (r.success) parsedBody = r.data;
    else errors.push(...r.error.issues.flatMap(toFieldErrors));
  }
  let parsedQuery: unknown;
  if (op.query) {
    const r = op.query.safeParse(queryInput, { reportInput: true });
    if (r.success) parsedQuery = r.data;
    else errors.push(...r.error.issues.flatMap(toFieldErrors));
  }

  let idempotencyKey: string | null = null;
  if (op.method === "POST") {
    idempotencyKey = request.headers.get("idempotency-key");
    if (!idempotencyKey || !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
      errors.unshift(fieldError(["Idempotency-Key"], "required"));
      idempotencyKey = null;
    }
  }
  if (errors.length) return problem(400, "validation", { detail: `${errors.length} invalid field(s)`, errors }, rateHeaders);

  if (idempotencyKey) {
    const bodyHash = createHash("sha256").update(rawBody).digest("hex");
    const start = await beginIdempotent(infra.db, identity.clientId, idempotencyKey, { method: op.method, path: url.pathname, bodyHash }, now);
    if (start.state === "mismatch") return problem(422, "idempotency_mismatch", { detail: "the key was first used with another method, path or body" }, rateHeaders);
    if (start.state === "in_progress") return problem(409, "idempotency_in_progress", {}, { ...rateHeaders, "retry-after": "1" });
    if (start.state === "replay") return respond(start.status, start.response, { "idempotent-replayed": "true" });
  }

  const ctx = domainContext(infra, identity.actor, now);
  let status: number;
  let out: unknown;
  try {
    const result = await op.run(ctx, { body: parsedBody as never, query: parsedQuery as never, params, ...(upload?.file ? { file: upload.file } : {}) });
    if (upload) upload.taken = true;
    if (op.produces) {
      if (!(result.body instanceof ReadableStream) || !op.responses[result.status]) throw new Error(`response of ${op.operationId} is not a ${op.produces} stream (${result.status})`);
      return new Response(result.body, { status: result.status, headers: { "content-type": `${op.produces}; charset=utf-8`, "cache-control": "no-store", ...rateHeaders, ...result.headers } });
    }
    const schema = op.responses[result.status];
    const checked = schema?.safeParse(result.body);
    if (!checked?.success) throw new Error(`response of ${op.operationId} does not match its schema (${result.status})`);
    status = result.status;
    out = checked.data;
  } catch (error) {
    if (error instanceof DomainError || error instanceof FieldProblems) {
      const res = error instanceof FieldProblems ? problem(400, "validation", { detail: error.message, errors: error.errors }) : domainProblem(error);
      const problemBody = await res.clone().json();
      if (idempotencyKey) await completeIdempotent(infra.db, identity.clientId, idempotencyKey, res.status, problemBody);
      return new Response(JSON.stringify(problemBody), { status: res.status, headers: { "content-type": "application/problem+json", ...rateHeaders } });
    }
    if (idempotencyKey) await releaseIdempotent(infra.db, identity.clientId, idempotencyKey);
    console.error(logSafeMessage(error));
    return problem(500, "internal", {}, rateHeaders);
  }
  if (idempotencyKey) await completeIdempotent(infra.db, identity.clientId, idempotencyKey, status, out);
  return respond(status, out);
}

/** A zod issue → the fields it names (an unknown key is a field of its own), each with a stable code. */
function toFieldErrors(issue: z.core.$ZodIssue) {
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => fieldError([...issue.path, k], "unknown_field"));
  const bounds: Record<string, number> = {};
  if ("minimum" in issue) bounds.minimum = Number(issue.minimum);
  if ("maximum" in issue) bounds.maximum = Number(issue.maximum);
  return [fieldError(issue.path, codeOf(issue), bounds)];
}

function codeOf(issue: z.core.$ZodIssue): string {
  if (/^[a-z_]+$/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type": return (issue as { input?: unknown }).input === undefined ? "required" : "invalid_input";
    case "too_big": return "too_big";
    case "too_small": return "too_small";
    case "invalid_value": return "invalid_option";
    case "unrecognized_keys": return "unknown_field";
    default: return "invalid_input";
  }
}
