import { type z } from "zod";
import { PermanentChannelError } from "./errors";
import { IdempotencyKey, OutboundMessage, type Channel, type MessageFor, type OutboundMessageInput, type SendOptions } from "./message";

function describe(error: z.ZodError): string {
  // Paths and zod's messages only: zod 4 messages do not echo the input, so no address leaks.
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

const E164_RE = /^\+[1-9]\d{7,14}$/;
const REFERENCE_RE = /^[A-Za-z0-9][A-Za-z0-9-]{3,31}$/;
const LANGUAGE_RE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const TEXT_MAX = { sms: 1600, call: 5000 } as const;

/**
 * The provider channels' messages (sms, call: four strings) checked by hand, with the schemas' own
 * rules (message.ts): a dispatching worker sends hundreds a second and zod's parse of each was a
 * noticeable share of its CPU (issue 15). Anything this does not pass goes through the schemas, which
 * give the refusal its reasons; what it passes, they pass.
 */
function plainProviderMessage(channel: Channel, input: OutboundMessageInput, opts: SendOptions): boolean {
  if (channel !== "sms" && channel !== "call") return false;
  const m = input as { channel?: unknown; to?: unknown; text?: unknown; referenceCode?: unknown; language?: unknown };
  const key = opts?.idempotencyKey;
  return (
    m?.channel === channel &&
    typeof key === "string" && KEY_RE.test(key) &&
    typeof m.to === "string" && E164_RE.test(m.to) &&
    typeof m.text === "string" && m.text.length >= 1 && m.text.length <= TEXT_MAX[channel] &&
    typeof m.referenceCode === "string" && REFERENCE_RE.test(m.referenceCode) &&
    typeof m.language === "string" && LANGUAGE_RE.test(m.language) &&
    m.text.includes(m.referenceCode)
  );
}

/**
 * Every adapter runs this first. A message that does not print its reference code is refused:
 * the debtor's only way to tell us from a scam is to check that code (issue 4).
 */
export function validateMessage<C extends Channel>(channel: C, input: OutboundMessageInput, opts: SendOptions): MessageFor<C> {
  if (plainProviderMessage(channel, input, opts)) {
    const m = input as MessageFor<"sms">;
    return { channel: m.channel, to: m.to, referenceCode: m.referenceCode, language: m.language, text: m.text } as MessageFor<C>;
  }
  const key = IdempotencyKey.safeParse(opts?.idempotencyKey);
  if (!key.success) throw new PermanentChannelError("invalid_idempotency_key", `invalid idempotency key: ${describe(key.error)}`);
  if (input?.channel !== channel) {
    throw new PermanentChannelError("wrong_channel", `a ${String(input?.channel)} message was given to the ${channel} adapter`);
  }
  const parsed = OutboundMessage.safeParse(input);
  if (!parsed.success) throw new PermanentChannelError("invalid_message", `invalid ${channel} message: ${describe(parsed.error)}`);
  const msg: OutboundMessage = parsed.data;
  if (!msg.text.includes(msg.referenceCode)) {
    throw new PermanentChannelError("reference_missing", `the ${channel} body does not print its reference code`);
  }
  if (msg.channel === "email" && msg.html !== undefined && !msg.html.includes(msg.referenceCode)) {
    throw new PermanentChannelError("reference_missing", "the email html does not print its reference code");
  }
  return msg as MessageFor<C>;
}
