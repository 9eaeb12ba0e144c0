/** Typed errors of the domain. Each edge maps them once: the web to HTTP 400/403/404/409/422,
 *  the worker to a retry or BullMQ's UnrecoverableError. Messages never carry personal data. */
export class DomainError extends Error {
  constructor(
    readonly code: "validation" | "not_found" | "forbidden" | "conflict" | "compliance_refused",
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  /** `field` is the dotted path of the offending input, e.g. "installments.2.amountMinor". */
  constructor(readonly field: string, message: string) {
    super("validation", `${field}: ${message}`);
  }
}

export class NotFoundError extends DomainError {
  constructor(readonly entity: string, readonly id: string) {
    super("not_found", `${entity} ${id} was not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You do not have access to this record") {
    super("forbidden", message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super("conflict", message);
  }
}

export interface RefusedDecision {
  decision: "defer" | "block";
  notBefore: string | null;
  results: Array<{ rule: string; outcome: "defer" | "block"; reason: string; notBefore?: string }>;
  decisionId: string;
}

/** The compliance gate said no: nothing was dispatched and no attempt was recorded. */
export class ComplianceRefusedError extends DomainError {
  constructor(readonly decision: RefusedDecision) {
    super("compliance_refused", `Contact ${decision.decision}: ${decision.results.map((r) => r.rule).join(", ")}`);
  }
}

/** Turns a zod error into a ValidationError naming the first offending field. */
export function validationErrorFrom(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): ValidationError {
  const issue = error.issues[0];
  const field = issue ? issue.path.map(String).join(".") || "input" : "input";
  return new ValidationError(field, issue?.message ?? "invalid input");
}
