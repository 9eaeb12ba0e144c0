import "server-only";
import { forbidden, notFound } from "next/navigation";
import { ruleMessage } from "@casebook/compliance/messages";
import { ComplianceRefusedError, DomainError, ValidationError } from "@casebook/domain";
import { translateDomainMessage } from "./domain-messages";

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
}

const STATUS: Record<DomainError["code"], number> = { validation: 400, forbidden: 403, not_found: 404, conflict: 409, compliance_refused: 422 };

/** The one mapper from domain errors to what a form shows next to its fields. */
export function toActionState(error: unknown, locale: string, values?: Record<string, string>): ActionState {
  if (error instanceof ValidationError) {
    return { fieldErrors: { [error.field]: translateDomainMessage(error.message.replace(`${error.field}: `, ""), locale) }, values };
  }
  if (error instanceof ComplianceRefusedError) {
    return {
      formError: error.message,
      refusal: {
        decision: error.decision.decision,
        notBefore: error.decision.notBefore,
        rules: error.decision.results.map((r) => ({ rule: r.rule, text: ruleMessage(r.rule, locale) })),
      },
      values,
    };
  }
  if (error instanceof DomainError) return { formError: translateDomainMessage(error.message, locale), values };
  // Next's redirect/forbidden/notFound interrupts are errors too: let them through.
  throw error;
}

/** The one mapper from domain errors to HTTP, for route handlers. */
export function toResponse(error: unknown): Response {
  if (error instanceof ComplianceRefusedError) return Response.json({ error: error.code, message: error.message, decision: error.decision }, { status: 422 });
  if (error instanceof ValidationError) return Response.json({ error: error.code, field: error.field, message: error.message }, { status: 400 });
  if (error instanceof DomainError) return Response.json({ error: error.code, message: error.message }, { status: STATUS[error.code] });
  console.error(error instanceof Error ? error.message : "unexpected error");
  return Response.json({ error: "internal" }, { status: 500 });
}

/** For pages: a domain refusal becomes the framework's 403/404 page. */
export function throwForPage(error: unknown): never {
  if (error instanceof DomainError && error.code === "forbidden") forbidden();
  if (error instanceof DomainError && (error.code === "not_found" || error.code === "validation")) notFound();
  throw error;
}
