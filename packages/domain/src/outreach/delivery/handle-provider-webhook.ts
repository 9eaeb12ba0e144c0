import { verifyProviderWebhook } from "@casebook/channels/webhook";
import type { DomainContext } from "../../context";
import { applyDeliveryReceipt, type ApplyDeliveryReceiptResult } from "./apply-delivery-receipt";
import { handleInboundMessage, type HandleInboundMessageResult } from "./handle-inbound-message";

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
 * package, so the check lives here, next to the verbs it guards.
 */
export async function handleProviderWebhook(ctx: DomainContext, input: HandleProviderWebhook): Promise<HandleProviderWebhookResult> {
  // Signature first over the raw body (fail closed), then the provider's payload schema, declared once
  // in @casebook/channels (ProviderWebhookEvent).
  const verified = verifyProviderWebhook({ body: input.rawBody, timestamp: input.timestamp, signature: input.signature, secret: input.secret, now: ctx.now });
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const event = verified.event;
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
