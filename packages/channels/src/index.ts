export { createChannels, type Channels, type CreateChannelsOptions } from "./create-channels";
export { ChannelsEnv, parseChannelsEnv, DEV_PROVIDER_API_KEY, DEV_PROVIDER_SIGNING_SECRET } from "./env";
export {
  TransientChannelError,
  PermanentChannelError,
  isChannelError,
  type TransientCode,
  type PermanentCode,
  type ChannelErrorDetails,
} from "./errors";
export {
  Channel,
  E164,
  ReferenceCode,
  Language,
  PostalAddress,
  Letterhead,
  EmailMessage,
  SmsMessage,
  CallMessage,
  LetterMessage,
  OutboundMessage,
  IdempotencyKey,
  type OutboundMessageInput,
  type MessageFor,
  type SendOptions,
  type SendResult,
  type LookupResult,
  type ChannelAdapter,
} from "./message";
export { validateMessage } from "./validate-message";
export { createEmailAdapter, messageIdFor, DISPATCH_HEADER, REFERENCE_HEADER, type EmailAdapterOptions } from "./email/email-adapter";
export { createSmsAdapter, createCallAdapter, type ProviderAdapterOptions } from "./provider/provider-adapter";
export {
  PROVIDER_PATHS,
  IDEMPOTENCY_HEADER,
  SmsRequest,
  CallRequest,
  ProviderAccepted,
  ProviderLookup,
  ProviderStatus,
  DeliveryReceipt,
  InboundSms,
  ProviderWebhookEvent,
} from "./provider/provider-api";
export { verifyProviderWebhook, type VerifyProviderWebhookInput, type VerifiedProviderWebhook } from "./provider/verify-provider-webhook";
export { createLetterAdapter, type LetterAdapterOptions } from "./letter/letter-adapter";
export { renderLetter, type RenderLetterInput } from "./letter/render-letter";
export { findCjkFont, checkLetterFont, containsCjk, CJK_FONT_CANDIDATES, CJK_FONT_PACKAGES, type LetterFont } from "./letter/find-cjk-font";
export {
  signPayload,
  verifySignature,
  createSignatureHeaders,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  SIGNATURE_VERSION,
  DEFAULT_TOLERANCE_SECONDS,
  type SignPayloadInput,
  type VerifySignatureInput,
} from "./signing";
