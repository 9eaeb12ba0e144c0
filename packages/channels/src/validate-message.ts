import { type z } from "zod";
import { PermanentChannelError } from "./errors";
import { IdempotencyKey, OutboundMessage, type Channel, type MessageFor, type OutboundMessageInput, type SendOptions } from "./message";

function describe(error: z.ZodError): string {
  // Paths and zod's messages only: zod 4 messages do not echo the input, so no address leaks.
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/**
 * Every adapter runs this first. A message that does not print its reference code is refused:
 * the debtor's only way to tell us from a scam is to check that code (issue 4).
 */
export function validateMessage<C extends Channel>(channel: C, input: OutboundMessageInput, opts: SendOptions): MessageFor<C> {
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
