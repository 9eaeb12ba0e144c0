import { DEFAULT_TOLERANCE_SECONDS, verifySignature } from "../signing";
import { ProviderWebhookEvent } from "./provider-api";

export interface VerifyProviderWebhookInput {
  /** The raw request body, exactly as received. */
  body: string | Uint8Array | null | undefined;
  /** The X-Timestamp and X-Signature header values. */
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  secret: string | null | undefined;
  now: Date;
  toleranceSeconds?: number;
}

export type VerifiedProviderWebhook = { ok: true; event: ProviderWebhookEvent } | { ok: false; reason: "bad_signature" | "bad_payload" };

/** Signature first (fail closed), then the payload's shape; only a verified, well-formed event is returned. */
export function verifyProviderWebhook(input: VerifyProviderWebhookInput): VerifiedProviderWebhook {
  if (!verifySignature({ ...input, toleranceSeconds: input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS })) return { ok: false, reason: "bad_signature" };
  try {
    const text = typeof input.body === "string" ? input.body : Buffer.from(input.body as Uint8Array).toString("utf8");
    const parsed = ProviderWebhookEvent.safeParse(JSON.parse(text));
    return parsed.success ? { ok: true, event: parsed.data } : { ok: false, reason: "bad_payload" };
  } catch {
    return { ok: false, reason: "bad_payload" };
  }
}
