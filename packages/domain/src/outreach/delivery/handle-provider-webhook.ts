import { verifySignature } from "@casebook/channels/signing";
import { z } from "zod";
import type { DomainContext } from "../../context";
import { applyDeliveryReceipt, type ApplyDeliveryReceiptResult } from "./apply-delivery-receipt";
import { handleInboundMessage, type HandleInboundMessageResult } from "./handle-inbound-message";

// The provider's webhook payloads (packages/channels README, "Signing"), parsed only after the
// signature over the raw body has been verified.
const Receipt = z.object({
  type: z.literal("receipt"),
  eventId: z.string().min(1).max(200),
  providerMessageId: z.string().min(1).max(200),
  idempotencyKey: z.string().min(1).max(200),
  channel: z.enum(["sms", "call"]),
  status: z.enum(["delivered", "failed"]),
  error: z.string().max(100).optional(),
  at: z.iso.datetime(),
});
const Inbound = z.object({
  type: z.literal("inbound"),
  eventId: z.string().min(1).max(200),
  providerMessageId: z.string().min(1).max(200),
  from: z.string().min(3).max(50),
  to: z.string().max(50),
  text: z.string().max(1600),
  at: z.iso.datetime(),
});
const WebhookEvent = z.discriminatedUnion("type", [Receipt, Inbound]);

export interface HandleProviderWebhook {
  /** The raw body exactly as received (never re-serialised JSON). */
  rawBody: string;
  timestamp: string | null;
  signature: string | null;
  /** PROVIDER_SIGNING_SECRET; empty or missing refuses everything (fail closed). */
  secret: string | null | undefined;
  provider?: string;
}

export type HandleProviderWebhookResult =
  | { ok: false; reason: "bad_signature" | "bad_payload" }
  | { ok: true; kind: "receipt"; result: ApplyDeliveryReceiptResult }
  | { ok: true; kind: "inbound"; result: HandleInboundMessageResult };

/**
 * The webhook's one verb: verify (fail closed), then apply the receipt or the inbound message,
 * idempotent by the provider's event id (webhook_events). apps/web may not import the channels
 * package, so the signature check lives here, next to the verbs it guards.
 */
export async function handleProviderWebhook(ctx: DomainContext, input: HandleProviderWebhook): Promise<HandleProviderWebhookResult> {
  const verified = verifySignature({ body: input.rawBody, timestamp: input.timestamp, signature: input.signature, secret: input.secret, now: ctx.now });
  if (!verified) return { ok: false, reason: "bad_signature" };
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    return { ok: false, reason: "bad_payload" };
  }
  const parsed = WebhookEvent.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "bad_payload" };
  const event = parsed.data;
  const provider = input.provider ?? "provider";
  if (event.type === "receipt") {
    const result = await applyDeliveryReceipt(ctx, {
      provider,
      eventKey: `${provider}:${event.eventId}`,
      providerMessageId: event.providerMessageId,
      dispatchId: event.idempotencyKey,
      status: event.status,
      ...(event.error ? { error: event.error } : {}),
      at: event.at,
    });
    return { ok: true, kind: "receipt", result };
  }
  const result = await handleInboundMessage(ctx, {
    provider,
    eventKey: `${provider}:${event.eventId}`,
    providerMessageId: event.providerMessageId,
    from: event.from,
    to: event.to,
    text: event.text,
    at: event.at,
  });
  return { ok: true, kind: "inbound", result };
}
