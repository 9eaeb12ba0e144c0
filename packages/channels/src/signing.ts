import { createHmac, timingSafeEqual } from "node:crypto";

// One scheme for both directions (adapter → provider requests, provider → webhook receipts):
//   X-Timestamp: <unix seconds>
//   X-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body bytes>")>
// README.md ("Signing") spells it out for code that re-implements the check.

export const SIGNATURE_HEADER = "X-Signature";
export const TIMESTAMP_HEADER = "X-Timestamp";
export const SIGNATURE_VERSION = "v1";
export const DEFAULT_TOLERANCE_SECONDS = 300;

type Body = string | Uint8Array;

const TIMESTAMP_RE = /^\d{1,12}$/;
const SIGNATURE_RE = /^v1=([0-9a-f]{64})$/;

function toBuffer(body: Body): Buffer {
  return typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function hmac(secret: string, timestamp: string, body: Body): Buffer {
  return createHmac("sha256", secret).update(`${timestamp}.`, "utf8").update(toBuffer(body)).digest();
}

export interface SignPayloadInput {
  body: Body;
  secret: string;
  /** Unix seconds; defaults to the current time. */
  timestamp?: number;
}

/** Returns the `X-Signature` value (`v1=<hex>`). */
export function signPayload({ body, secret, timestamp }: SignPayloadInput): string {
  if (!secret) throw new Error("signPayload: a signing secret is required");
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  return `${SIGNATURE_VERSION}=${hmac(secret, ts, body).toString("hex")}`;
}

/** The two headers to send with a signed body. */
export function createSignatureHeaders({ body, secret, timestamp }: SignPayloadInput): Record<string, string> {
  const ts = timestamp ?? Math.floor(Date.now() / 1000);
  return { [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signPayload({ body, secret, timestamp: ts }) };
}

export interface VerifySignatureInput {
  /** The raw request body, exactly as received (never re-serialized JSON). */
  body: Body | null | undefined;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  secret: string | null | undefined;
  now: Date;
  toleranceSeconds?: number;
}

/**
 * Fails closed (docs/CONVENTIONS.md: a webhook signature check that cannot verify refuses): any
 * missing, empty or malformed input, a stale or future timestamp, or an unexpected exception returns
 * false.
 */
export function verifySignature(input: VerifySignatureInput): boolean {
  try {
    const { body, timestamp, signature, secret, now } = input;
    const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    if (typeof secret !== "string" || secret.length === 0) return false;
    if (body === null || body === undefined) return false;
    if (typeof body !== "string" && !(body instanceof Uint8Array)) return false;
    if (typeof timestamp !== "string" || !TIMESTAMP_RE.test(timestamp)) return false;
    if (typeof signature !== "string") return false;
    if (!(now instanceof Date) || Number.isNaN(now.getTime())) return false;
    if (!Number.isFinite(tolerance) || tolerance < 0) return false;

    const ts = Number(timestamp);
    if (Math.abs(now.getTime() / 1000 - ts) > tolerance) return false;

    const expected = hmac(secret, timestamp, body);
    // Several comma-separated v1 values are allowed so a sender can sign with an old and a new
    // secret while a rotation is under way.
    let ok = false;
    const candidates = signature.split(",").map((s) => s.trim());
    if (candidates.length === 0 || candidates.length > 4) return false;
    for (const candidate of candidates) {
      const match = SIGNATURE_RE.exec(candidate);
      if (!match?.[1]) return false;
      const given = Buffer.from(match[1], "hex");
      if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
    }
    return ok;
  } catch {
    return false;
  }
}
