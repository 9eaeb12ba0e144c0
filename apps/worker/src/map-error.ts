import { UnrecoverableError } from "bullmq";
import { DomainError, RetryableDispatchError } from "@casebook/domain";

/**
 * The worker's one mapping of domain errors (CONVENTIONS.md): invalid payloads, missing records,
 * refusals and compliance blocks are final (UnrecoverableError: BullMQ never retries them); transient
 * channel errors and anything unexpected (a lost database connection) are retried with backoff.
 */
export function mapError(err: unknown): Error {
  if (err instanceof UnrecoverableError) return err;
  if (err instanceof RetryableDispatchError) return err;
  if (err instanceof DomainError) return new UnrecoverableError(`${err.code}: ${err.message}`);
  if (err instanceof Error && err.name === "ZodError") return new UnrecoverableError("invalid payload");
  if (err instanceof Error && err.name === "PermanentChannelError") return new UnrecoverableError(`permanent channel error`);
  return err instanceof Error ? err : new Error(String(err));
}

/** Prefix of the UnrecoverableError thrown for a compliance block: the stored decision is its record. */
export const COMPLIANCE_BLOCK = "compliance_block";
