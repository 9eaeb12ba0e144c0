import { z } from "zod";

export const Channel = z.enum(["email", "sms", "call", "letter"]);
export type Channel = z.infer<typeof Channel>;

/** E.164: "+" then 8 to 15 digits, no leading zero. */
export const E164 = z.string().regex(/^\+[1-9]\d{7,14}$/, "expected an E.164 number");
export type E164 = z.infer<typeof E164>;

// The reference code is the contact's short verification code (issue 4, "A reference on every
// contact"); its format belongs to the ledger, here it only has to be printable and unambiguous.
export const ReferenceCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{3,31}$/, "expected a 4-32 character reference code");
export type ReferenceCode = z.infer<typeof ReferenceCode>;

/** BCP 47-ish: "en", "en-US", "zh-CN". */
export const Language = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a BCP 47 language tag");
export type Language = z.infer<typeof Language>;

export const PostalAddress = z.object({
  name: z.string().min(1).max(200),
  lines: z.array(z.string().min(1).max(200)).min(1).max(8),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

export const Letterhead = z.object({
  name: z.string().min(1).max(200),
  lines: z.array(z.string().max(200)).max(6).default([]),
  /** Printed under the lines with the letter's own label ("Tel." / "电话"). */
  phone: z.string().min(1).max(40).optional(),
});
export type Letterhead = z.infer<typeof Letterhead>;

const common = {
  referenceCode: ReferenceCode,
  language: Language,
  /** The body; it must print `referenceCode`. For `call` it is the script read by text-to-speech. */
  text: z.string().min(1).max(20_000),
};

export const EmailMessage = z.object({
  channel: z.literal("email"),
  to: z.email(),
  subject: z.string().min(1).max(300),
  html: z.string().min(1).max(200_000).optional(),
  ...common,
});
export type EmailMessage = z.infer<typeof EmailMessage>;

export const SmsMessage = z.object({
  channel: z.literal("sms"),
  to: E164,
  ...common,
  text: z.string().min(1).max(1600),
});
export type SmsMessage = z.infer<typeof SmsMessage>;

export const CallMessage = z.object({
  channel: z.literal("call"),
  to: E164,
  ...common,
  text: z.string().min(1).max(5000),
});
export type CallMessage = z.infer<typeof CallMessage>;

export const LetterMessage = z.object({
  channel: z.literal("letter"),
  to: PostalAddress,
  subject: z.string().min(1).max(300).optional(),
  /** The calendar date printed on the letter ("YYYY-MM-DD"); defaults to the adapter's clock. */
  date: z.iso.date().optional(),
  /** Overrides the adapter's default letterhead (a client's own agency identity). */
  letterhead: Letterhead.optional(),
  ...common,
});
export type LetterMessage = z.infer<typeof LetterMessage>;

export const OutboundMessage = z.discriminatedUnion("channel", [EmailMessage, SmsMessage, CallMessage, LetterMessage]);
export type OutboundMessage = z.infer<typeof OutboundMessage>;
/** What callers build; `parse` fills the defaults. */
export type OutboundMessageInput = z.input<typeof OutboundMessage>;

export type MessageFor<C extends Channel> = Extract<OutboundMessage, { channel: C }>;

/** The ledger's dispatch id: it names files and Message-IDs, so it stays in a safe alphabet. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, "expected 1-128 characters of [A-Za-z0-9_.:-]");
export type IdempotencyKey = z.infer<typeof IdempotencyKey>;

export interface SendOptions {
  /** The ledger's dispatch id; the same key never produces a second message where the channel allows it. */
  idempotencyKey: string;
}

export interface SendResult {
  status: "accepted" | "delivered";
  providerMessageId: string;
  /** Letters: where the rendered PDF is stored. */
  artifactPath?: string;
}

/** What a channel knows about a dispatch id, for reconciling a send whose outcome was unknown. */
export type LookupResult =
  | { found: false }
  | { found: true; providerMessageId: string; status: "accepted" | "delivered" | "failed"; artifactPath?: string };

export interface ChannelAdapter<C extends Channel = Channel> {
  readonly channel: C;
  /**
   * Sends one message. Throws TransientChannelError (retry the same key with backoff) or
   * PermanentChannelError (never retry); anything else is a bug.
   */
  send(msg: OutboundMessageInput, opts: SendOptions): Promise<SendResult>;
  /** Absent where the channel cannot tell (SMTP keeps no record to ask). */
  lookup?(idempotencyKey: string): Promise<LookupResult>;
  close(): Promise<void>;
}
