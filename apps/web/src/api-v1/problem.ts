import { ComplianceRefusedError, type DomainError, errorMessage, isErrorKey, ValidationError, type ErrorKey } from "@casebook/domain";

/** One field's problem: the JSON pointer of the field, the stable code, the English sentence. */
export interface FieldError { pointer: string; field: string; code: string; detail: string }

/** RFC 9457 problem details: `type` names the problem (its anchor on the reference page), `errors` the fields. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Every problem code the API answers with, and its title (the reference page lists them). */
export const PROBLEM_TITLES: Record<string, string> = {
  validation: "Your request has invalid fields",
  unauthorized: "A valid API key is required",
  forbidden: "This key may not do this",
  not_found: "Not found",
  conflict: "Conflict with the current state",
  compliance_refused: "Refused by the compliance rules",
  idempotency_mismatch: "This Idempotency-Key was used with another request",
  idempotency_in_progress: "A request with this Idempotency-Key is still running",
  rate_limited: "Too many requests",
  payload_too_large: "Request body too large",
  unsupported_media_type: "Send application/json",
  malformed_json: "The body is not JSON",
  malformed_multipart: "The body is not a complete multipart/form-data form",
  internal: "Internal error",
  unavailable: "Service unavailable",
};

export function problem(status: number, code: string, extra: Partial<Problem> = {}, headers: Record<string, string> = {}): Response {
  const body: Problem = { type: `/api/v1/reference#problem-${code}`, title: PROBLEM_TITLES[code] ?? code, status, code, ...extra };
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/problem+json", ...headers } });
}

/** The sentences of the request's own codes (how it was sent, not what it says): a domain key has its own. */
const REQUEST_FIELD_MESSAGES: Record<string, string> = {
  media_type_unsupported: "send text/csv (the file as the body) or multipart/form-data (the file as a part named file)",
  file_type_unsupported: "the file part is {type}: send the CSV file (text/csv)",
  file_multiple: "send one file part named file, not several",
  field_repeated: "sent more than once (as form fields, or as both a form field and a query parameter)",
  multipart_boundary_missing: "multipart/form-data needs its boundary parameter",
  multipart_malformed: "the multipart body cannot be read: {detail}",
  multipart_too_many_parts: "at most {maximum} parts",
};

export function fieldError(path: ReadonlyArray<PropertyKey>, code: string, params: Record<string, string | number> = {}): FieldError {
  const field = path.map(String).join(".") || "body";
  const request = REQUEST_FIELD_MESSAGES[code];
  const detail = isErrorKey(code) ? errorMessage(code as ErrorKey, params) : request ? request.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : code;
  return { pointer: `/${path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`, field, code, detail };
}

const STATUS: Record<DomainError["code"], number> = { validation: 400, forbidden: 403, not_found: 404, conflict: 409, compliance_refused: 422, rate_limited: 429 };

/** A domain error → its problem; a ValidationError names its field. */
export function domainProblem(error: DomainError): Response {
  if (error instanceof ValidationError) {
    return problem(400, "validation", { detail: error.message, errors: [fieldError(error.field.split("."), error.key, error.params)] });
  }
  if (error instanceof ComplianceRefusedError) {
    return problem(422, "compliance_refused", { detail: error.message, rules: error.decision.results.map((r) => r.rule) });
  }
  return problem(STATUS[error.code], error.code, { detail: error.message, key: error.key });
}

/** Thrown by an operation that checked every field itself (a placement's record checks): a 400 listing them all. */
export class FieldProblems extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`${errors.length} invalid field(s)`);
  }
}
