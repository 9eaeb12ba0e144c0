/** Typed errors of the domain. Each edge maps them once: the web to HTTP 400/403/404/409/422 and to a
 *  translated sentence (it translates `key` with `params`, never the English message), the worker to a
 *  retry or BullMQ's UnrecoverableError. Messages never carry personal data. */

/**
 * Every reason a verb refuses, as a stable key with its English sentence ({name} marks a parameter).
 * The English is for logs and API clients; each screen translates the key (apps/web/messages: a test there
 * fails when a key has no translation in either language).
 */
export const ERROR_MESSAGES = {
  // forbidden
  forbidden: "You do not have access to this record",
  needs_user: "This action needs a signed-in user",
  compliance_reviews_only: "Compliance officers review cases; they do not work them",
  supervisor_only: "Only a supervisor decides plans outside policy",
  admin_only: "Only an admin manages users",
  case_not_yours: "The case does not exist or is not yours",
  step_not_found: "The step does not exist",
  dashboard_role_required: "This dashboard is not available to your role",
  team_scope: "A supervisor sees and reassigns only their own team's work",
  // not found
  not_found: "{entity} {id} was not found",
  // validation: amounts and dates
  amount_not_positive: "must be more than zero",
  amount_not_whole: "whole minor units",
  amount_over_balance: "more than the balance owed",
  nothing_owed: "nothing is owed on this case",
  promise_date_past: "the promise date is in the past",
  promise_too_far: "more than {maxDays} days out: offer a payment plan instead",
  plan_first_due_past: "the first installment date is in the past",
  installments_min: "at least one installment",
  installments_max: "at most 120 installments",
  callback_past: "the callback time is in the past",
  callback_too_far: "more than 90 days out",
  callback_not_allowed: "the rules do not allow a call to this person at that time ({rules})",
  callback_not_allowed_until: "the rules do not allow a call to this person at that time ({rules}); the next allowed time is {notBefore}",
  amount_format: "enter an amount like 125.00",
  payment_in_future: "a payment cannot be received in the future",
  payment_reference_recorded: "a payment with reference {reference} is already recorded on this case",
  date_format: "YYYY-MM-DD",
  datetime_format: "YYYY-MM-DD HH:MM",
  // validation: text
  text_required: "write something",
  text_too_long: "at most {maximum} characters",
  reason_required: "give the reason",
  dispute_reason_required: "say what is disputed",
  attorney_name_required: "the attorney's name is required",
  email_invalid: "not an email address",
  phone_e164: "E.164, e.g. +12125550100 or +8613800138000",
  // validation: calls and contact points
  identity_statement_required: "give the identity statement (name, staff number, agency) first",
  mini_miranda_required: "this rule set requires the mini-Miranda in a conversation",
  not_a_call: "not a call",
  choose_debtor_phone: "choose one of the debtor's phone numbers",
  choose_debtor_email: "choose the debtor's email address",
  choose_party_phone: "choose one of this party's phone numbers",
  not_related_party: "not a related party of this debtor",
  party_counts_as_consumer: "this party counts as the consumer or owes the debt: use the ordinary call",
  party_not_related: "the party is not related to the case's debtor",
  contact_point_not_of_debtor: "not a contact point of this debtor",
  contact_point_not_of_party: "the contact point does not belong to the party",
  account_not_in_case: "an account does not belong to this case",
  no_open_account: "the case has no open account",
  case_has_no_debtor: "the case has no debtor",
  template_variable_missing: "variable has no value",
  invalid_cursor: "invalid cursor",
  attempt_not_on_case: "the call is not one of this case's calls",
  evidence_scope_required: "give a person or an account reference",
  rule_id_format: "a rule id such as US-REGF-CEASE",
  audit_action_format: "an action such as case.view, or a prefix such as evidence.",
  // validation: what zod reports when a schema names no key of its own
  invalid_input: "invalid input",
  invalid_option: "choose one of the options",
  too_small: "too small (at least {minimum})",
  too_big: "too big (at most {maximum})",
  required: "required",
  // conflict
  account_disputed_no_plan: "a disputed account cannot go on a plan until verification is sent",
  account_disputed_no_promise: "a disputed account cannot take a promise until verification is sent",
  account_disputed_no_legal: "a disputed account cannot be escalated until verification is sent",
  plan_exists: "the case already has an active or pending plan",
  promise_pending_exists: "the case already has a pending promise",
  case_already_legal: "the case is already with legal",
  plan_not_pending: "the plan is not waiting for approval",
  dispute_already_open: "this account already has an open dispute",
  contact_point_exists: "this debtor already has that contact point",
  hold_not_active: "the hold is not active",
  preference_already_recorded: "this preference is already recorded",
  // administration (issue 14)
  team_required: "an agent or a supervisor needs a team",
  time_zone_unknown: "unknown time zone",
  email_taken: "a user with this email exists already",
  staff_number_taken: "a user with this staff number exists already",
  team_name_taken: "a team with this name exists already",
  admin_self: "an admin cannot deactivate themselves or change their own role",
  user_already_active: "this user is active already",
  user_already_inactive: "this user is deactivated already",
  confirmation_required: "tick the box to confirm",
  client_code_taken: "a client with this code exists already",
  client_code_format: "3 to 32 capital letters, digits and hyphens, e.g. LIBERTY-CARD",
  rule_set_no_strategy: "no published default strategy for {ruleSet}: its cases would never be contacted",
  policy_in_past: "a policy cannot take effect in the past",
  policy_looser: "looser than {ruleSet} allows ({parameter}): a client may only tighten the rules",
  time_hhmm: "a time as HH:MM",
  window_order: "the window must end after it starts",
  window_empty: "the window must not start and end at the same time",
  region_code: "a region code (letters, digits, -)",
  callback_default_required: "a default callback number is required",
  letterhead_name_required: "the letterhead needs the agency's trading name",
  letterhead_address_required: "the letterhead needs at least one address line",
  letterhead_address_lines_max: "at most 4 address lines",
  letterhead_line_too_long: "each line at most 120 characters",
  password_wrong: "the current password is wrong",
  password_same: "the new password must differ from the current one",
  password_mismatch: "the two new passwords differ",
  api_key_revoked: "this key is revoked already",
  scope_required: "choose at least one scope",
  template_code_format: "lower-case letters, digits and _",
  email_subject_required: "an e-mail needs a subject",
  template_lint: "the template lint refuses it: {finding}",
  reassign_target_not_agent: "choose an active agent of the team",
  reassign_count_changed: "the cases matching the filter changed ({expected} confirmed, {actual} now): review and confirm again",
  reassign_too_many: "at most {maximum} cases at once: narrow the filter",
  reassign_nothing: "no case matches the filter",
  job_not_failed: "this job is not failed any more (retried already, or removed)",
  strategy_published: "version {version} is published and cannot change: make a new draft",
  strategy_lint: "stage {stage}, step {step}: template {template} ({language}) is refused by the template lint: {finding} ({count} finding(s) in all)",
  strategy_empty: "a version needs at least one step",
  strategy_migration_past: "the move cannot take effect in the past",
  strategy_migration_same: "choose another version to move from",
  strategy_migration_target: "both versions must be published versions of the same strategy",
  strategy_retire_draft: "version {version} is a draft: only a published version can be retired",
  strategy_retired_already: "version {version} is retired already",
  strategy_retire_newest: "version {version} is the newest published version, which new cases get: publish a newer one first",
  strategy_migration_retired: "cases cannot be moved onto a retired version",
  strategy_migration_done: "this migration has run or was cancelled already",
  strategy_offset_range: "a day between -60 and 365",
  strategy_repeat_range: "between 1 and 120 times",
  strategy_repeat_every: "say every how many days it repeats",
  strategy_dpd_order: "the highest DPD must not be below the lowest",
  whatif_no_cases: "no open case of this rule set to simulate",
  step_illegal_transition: "outreach step {stepId}: {from} → {to} is not an allowed transition",
  // creditor API and placements (issue 16)
  api_key_required: "this endpoint needs a client's API key",
  currency_unknown: "not a known ISO 4217 currency",
  currency_mismatch: "the account is in {currency}",
  country_code: "a two-letter country code (ISO 3166)",
  date_invalid: "not a real date (YYYY-MM-DD)",
  charge_off_future: "the charge-off date is in the future",
  us_state_invalid: "not a US state code",
  zip_invalid: "not a US ZIP code (12345 or 12345-6789)",
  cn_id_invalid: "not a valid resident ID number (its check digit or birth date is wrong)",
  phone_invalid: "not a valid phone number",
  amount_negative: "must not be negative",
  payment_already_reversed: "this payment is reversed already",
  column_missing: "the file has no column for {field}",
  duplicate_row: "this account reference is in the file already (row {firstRow})",
  row_malformed: "the row cannot be read as CSV: {detail}",
  encoding_invalid: "the file is not valid {encoding}",
  import_not_cancellable: "this import has finished already",
  import_not_rerunnable: "only a failed or cancelled import can be run again",
  import_file_missing: "the uploaded file is gone: upload it again",
  import_mapping_missing: "no column mapping: send one, or import a file from the console once to save it",
  account_unknown: "no account of this client has this reference",
  payment_unknown: "no payment with reference {reference} on this account",
  reversal_amount_mismatch: "the payment was {amountMinor} {currency}",
  url_invalid: "an http:// or https:// address",
  // the debtor's portal (issue 17)
  portal_identity_not_matched: "those details do not match our records",
  portal_no_contact_point: "we have no {channel} on file to send a code to: choose the other way",
  portal_code_wrong: "that code is wrong or has expired: ask for a new one",
  portal_session_expired: "your session has ended: sign in again",
  upload_too_large: "the file is larger than {maxMb} MB",
  upload_type: "send a PDF, PNG or JPEG file",
  payment_intent_gone: "this payment link has expired or was used already",
  // compliance
  compliance_refused: "Contact {decision}: {rules}",
  // rate limits
  rate_limited: "too many requests: try again in {minutes} minutes",
} as const;

export type ErrorKey = keyof typeof ERROR_MESSAGES;
export type ErrorParams = Record<string, string | number>;
export const ERROR_KEYS = Object.keys(ERROR_MESSAGES) as ErrorKey[];
export const isErrorKey = (v: unknown): v is ErrorKey => typeof v === "string" && Object.hasOwn(ERROR_MESSAGES, v);

/** The English sentence of a key, for logs and API clients. */
export function errorMessage(key: ErrorKey, params: ErrorParams = {}): string {
  return ERROR_MESSAGES[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export class DomainError extends Error {
  constructor(
    readonly code: "validation" | "not_found" | "forbidden" | "conflict" | "compliance_refused" | "rate_limited",
    /** What went wrong, for the edge to translate. */
    readonly key: ErrorKey,
    readonly params: ErrorParams = {},
    message = errorMessage(key, params),
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  /** `field` is the dotted path of the offending input, e.g. "installments.2.amountMinor". */
  constructor(readonly field: string, key: ErrorKey, params: ErrorParams = {}) {
    super("validation", key, params, `${field}: ${errorMessage(key, params)}`);
  }
}

export class NotFoundError extends DomainError {
  constructor(readonly entity: string, readonly id: string) {
    super("not_found", "not_found", { entity, id });
  }
}

export class ForbiddenError extends DomainError {
  constructor(key: ErrorKey = "forbidden", params: ErrorParams = {}) {
    super("forbidden", key, params);
  }
}

export class ConflictError extends DomainError {
  constructor(key: ErrorKey, params: ErrorParams = {}) {
    super("conflict", key, params);
  }
}

/** Too many of one action in a window (e.g. revealing personal data): try again later. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterMinutes: number) {
    super("rate_limited", "rate_limited", { minutes: retryAfterMinutes });
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
    super("compliance_refused", "compliance_refused", { decision: decision.decision, rules: decision.results.map((r) => r.rule).join(", ") });
  }
}

interface ZodIssueLike { path: PropertyKey[]; message: string; code?: string; minimum?: unknown; maximum?: unknown; input?: unknown }

/**
 * Turns a zod error into a ValidationError naming the first offending field. A schema names its own
 * key as the issue message (`.positive("amount_not_positive")`); otherwise zod's issue code becomes a
 * generic key with its bound, so no English sentence of zod's ever reaches a screen.
 */
export function validationErrorFrom(error: { issues: ZodIssueLike[] }): ValidationError {
  const issue = error.issues[0];
  const field = issue ? issue.path.map(String).join(".") || "input" : "input";
  if (!issue) return new ValidationError(field, "invalid_input");
  if (isErrorKey(issue.message)) {
    const bounds: ErrorParams = {};
    if (issue.minimum !== undefined) bounds.minimum = Number(issue.minimum);
    if (issue.maximum !== undefined) bounds.maximum = Number(issue.maximum);
    return new ValidationError(field, issue.message, bounds);
  }
  switch (issue.code) {
    case "too_small":
      if (issue.input === undefined || issue.input === "") return new ValidationError(field, "required");
      return new ValidationError(field, "too_small", { minimum: Number(issue.minimum) });
    case "too_big":
      return typeof issue.input === "string"
        ? new ValidationError(field, "text_too_long", { maximum: Number(issue.maximum) })
        : new ValidationError(field, "too_big", { maximum: Number(issue.maximum) });
    case "invalid_value":
    case "invalid_union":
      return new ValidationError(field, "invalid_option");
    case "invalid_type":
      return new ValidationError(field, issue.input === undefined ? "required" : "invalid_input");
    default:
      return new ValidationError(field, "invalid_input");
  }
}
