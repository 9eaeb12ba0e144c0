import "server-only";
import { forbidden, notFound, unstable_rethrow } from "next/navigation";
import { logSafeMessage } from "@casebook/config";
import { ruleMessage } from "@casebook/compliance/messages";
import { ComplianceRefusedError, DomainError, ValidationError, type ErrorKey, type ErrorParams } from "@casebook/domain";
import { formatTime } from "./format";

export interface ActionState {
  ok?: boolean;
  message?: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
  /** The refused decision's rules, translated, for the compliance refusal box. */
  refusal?: { decision: string; notBefore: string | null; rules: Array<{ rule: string; text: string }> };
  values?: Record<string, string>;
  /** A revealed value, or another result the form shows. */
  result?: string;
  /** Times the form may offer instead (a refused callback's next allowed times), already formatted. */
  suggestions?: Array<{ value: string; label: string }>;
}

/** next-intl's translator, narrowed to what the mapper needs. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Where instants in parameters are shown: the reader's zone first, the debtor's next to it. */
export interface ReaderZones { locale: string; agentZone: string; debtorZone?: string }

/**
 * A domain error's key and parameters → one sentence in the reader's language. An instant parameter
 * (`notBefore`, ISO) is shown in the agent's and the debtor's local time; a rule list gets each rule's
 * sentence. Never a regular expression over the English message.
 */
export function translateError(key: ErrorKey, params: ErrorParams, t: Translate, zones: ReaderZones): string {
  const shown: Record<string, string | number> = { ...params };
  if (typeof params.notBefore === "string" && params.notBefore) {
    const at = new Date(params.notBefore);
    const debtorZone = typeof params.zone === "string" ? params.zone : zones.debtorZone;
    shown.notBefore = debtorZone && debtorZone !== zones.agentZone
      ? `${formatTime(at, debtorZone, zones.locale)} · ${formatTime(at, zones.agentZone, zones.locale)}`
      : formatTime(at, zones.agentZone, zones.locale);
  }
  if (typeof params.rules === "string") {
    shown.rules = params.rules.split(",").map((r) => r.trim()).filter(Boolean)
      .map((r) => `${r}: ${ruleMessage(r, zones.locale as "en" | "zh-CN")}`).join("; ");
  }
  return t(`domain.${key}`, shown);
}

/** The one mapper from domain errors to what a form shows next to its fields. */
export function toActionState(error: unknown, t: Translate, zones: ReaderZones, values?: Record<string, string>): ActionState {
  if (error instanceof ValidationError) {
    return { fieldErrors: { [error.field]: translateError(error.key, error.params, t, zones) }, values };
  }
  if (error instanceof ComplianceRefusedError) {
    return {
      formError: translateError(error.key, error.params, t, zones),
      refusal: {
        decision: error.decision.decision,
        notBefore: error.decision.notBefore,
        rules: error.decision.results.map((r) => ({ rule: r.rule, text: ruleMessage(r.rule, zones.locale as "en" | "zh-CN") })),
      },
      values,
    };
  }
  if (error instanceof DomainError) return { formError: translateError(error.key, error.params, t, zones), values };
  // Next's redirect/forbidden/notFound interrupts are errors too: let them through.
  unstable_rethrow(error);
  throw unexpected(error);
}

const STATUS: Record<DomainError["code"], number> = { validation: 400, forbidden: 403, not_found: 404, conflict: 409, compliance_refused: 422, rate_limited: 429 };

/** The one mapper from domain errors to HTTP, for route handlers: the key is the API's code. */
export function toResponse(error: unknown): Response {
  if (error instanceof ComplianceRefusedError) return Response.json({ error: error.code, key: error.key, message: error.message, decision: error.decision }, { status: 422 });
  if (error instanceof ValidationError) return Response.json({ error: error.code, key: error.key, params: error.params, field: error.field, message: error.message }, { status: 400 });
  if (error instanceof DomainError) return Response.json({ error: error.code, key: error.key, message: error.message }, { status: STATUS[error.code] });
  if (isBadInput(error)) return Response.json({ error: "validation", message: "malformed parameter" }, { status: 400 });
  console.error(logSafeMessage(error));
  return Response.json({ error: "internal" }, { status: 500 });
}

/** For pages: a domain refusal becomes the framework's 403/404 page. */
export function throwForPage(error: unknown): never {
  if (error instanceof DomainError && error.code === "forbidden") forbidden();
  if (error instanceof DomainError && (error.code === "not_found" || error.code === "validation")) notFound();
  if (isBadInput(error)) notFound();
  unstable_rethrow(error);
  throw unexpected(error);
}

/** PostgreSQL refused a value's syntax (a malformed id or date in a route parameter): the caller's
 *  mistake, answered 400/404, never 500. */
function isBadInput(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "22P02" || code === "22007" || code === "22008" || code === "22003") return true;
  }
  return false;
}

/** Next logs what a server component or action throws, message and all: a failed query's message
 *  carries its parameters (personal data). Logged here without them, and replaced. */
function unexpected(error: unknown): Error {
  console.error(logSafeMessage(error));
  return new Error("internal error");
}
