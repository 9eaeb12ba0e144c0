// Two error classes are the whole contract with the worker: Transient means "retry the same
// dispatch id with backoff", Permanent means "this message can never be sent as it is".
// Messages never carry the recipient's address or the body (no personal data in logs).
// `recipient_rejected` is the one permanent code that says "this address or number is bad"
// (a bounce): the caller may invalidate the contact point; every other code is about the message.

export type TransientCode =
  | "timeout"
  | "network"
  | "provider_unavailable"
  | "rate_limited"
  | "provider_error"
  | "bad_provider_response"
  | "smtp_temporary"
  | "font_missing"
  | "storage";

export type PermanentCode =
  | "invalid_message"
  | "reference_missing"
  | "wrong_channel"
  | "invalid_idempotency_key"
  | "rejected"
  | "recipient_rejected"
  | "unauthorized"
  | "idempotency_conflict"
  | "smtp_rejected";

export interface ChannelErrorDetails {
  /** HTTP status or SMTP reply code, when the failure came from the other side. */
  status?: number;
  /**
   * True when the request may have reached the provider (a timeout after sending, a 5xx other
   * than 503): the worker must reconcile (same idempotency key, or `lookup`) rather than assume
   * nothing was sent.
   */
  outcomeUnknown?: boolean;
  /** From a Retry-After header, when the provider gave one. */
  retryAfterMs?: number;
  /** The other side's short error token (e.g. "invalid_number"), never free text with personal data. */
  reason?: string;
  cause?: unknown;
}

export class TransientChannelError extends Error {
  override readonly name = "TransientChannelError";
  readonly retryable = true as const;
  readonly status: number | undefined;
  readonly outcomeUnknown: boolean;
  readonly retryAfterMs: number | undefined;
  readonly reason: string | undefined;

  constructor(
    readonly code: TransientCode,
    message: string,
    details: ChannelErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    this.retryAfterMs = details.retryAfterMs;
    this.reason = details.reason;
  }
}

export class PermanentChannelError extends Error {
  override readonly name = "PermanentChannelError";
  readonly retryable = false as const;
  readonly status: number | undefined;
  readonly reason: string | undefined;

  constructor(
    readonly code: PermanentCode,
    message: string,
    details: Omit<ChannelErrorDetails, "outcomeUnknown" | "retryAfterMs"> = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.reason = details.reason;
  }
}

export function isChannelError(err: unknown): err is TransientChannelError | PermanentChannelError {
  return err instanceof TransientChannelError || err instanceof PermanentChannelError;
}
