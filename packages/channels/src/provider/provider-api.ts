import { z } from "zod";
import { E164 } from "../message";

// The wire contract between the provider adapter and the provider (the local simulator in
// development). README.md ("Provider API") documents it for people.

export const PROVIDER_PATHS = { sms: "/v1/messages", call: "/v1/calls" } as const;
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

export const SmsRequest = z.object({
  to: E164,
  text: z.string().min(1).max(1600),
  language: z.string().min(2).max(35),
});
export type SmsRequest = z.infer<typeof SmsRequest>;

export const CallRequest = z.object({
  to: E164,
  /** Read by text-to-speech in `language`. */
  script: z.string().min(1).max(5000),
  language: z.string().min(2).max(35),
});
export type CallRequest = z.infer<typeof CallRequest>;

export const ProviderStatus = z.enum(["accepted", "delivered", "failed"]);
export type ProviderStatus = z.infer<typeof ProviderStatus>;

export const ProviderAccepted = z.object({
  providerMessageId: z.string().min(1).max(200),
  status: ProviderStatus,
});
export type ProviderAccepted = z.infer<typeof ProviderAccepted>;

export const ProviderLookup = ProviderAccepted.extend({
  idempotencyKey: z.string(),
  channel: z.enum(["sms", "call"]),
});
export type ProviderLookup = z.infer<typeof ProviderLookup>;

/** Unique per event and the same on every retry of it: the webhook receiver's dedup key. */
const EventId = z.string().min(1).max(200);

export const DeliveryReceipt = z.object({
  type: z.literal("receipt"),
  eventId: EventId,
  providerMessageId: z.string().min(1).max(200),
  /** The dispatch id the message was sent with: the ledger's key for the attempt. */
  idempotencyKey: z.string().min(1).max(200),
  channel: z.enum(["sms", "call"]),
  status: z.enum(["delivered", "failed"]),
  /** Provider's reason for a failure, e.g. "unreachable", "invalid_number". */
  error: z.string().max(100).optional(),
  at: z.iso.datetime(),
});
export type DeliveryReceipt = z.infer<typeof DeliveryReceipt>;

export const InboundSms = z.object({
  type: z.literal("inbound"),
  eventId: EventId,
  providerMessageId: z.string().min(1).max(200),
  from: E164,
  to: E164,
  text: z.string().max(1600),
  at: z.iso.datetime(),
});
export type InboundSms = z.infer<typeof InboundSms>;

/** What the webhook route receives, after `verifySignature` on the raw body. The one declaration: the
 *  simulator sends it, the domain's webhook verb parses it (through verify-provider-webhook.ts). */
export const ProviderWebhookEvent = z.discriminatedUnion("type", [DeliveryReceipt, InboundSms]);
export type ProviderWebhookEvent = z.infer<typeof ProviderWebhookEvent>;
