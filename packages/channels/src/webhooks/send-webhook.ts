import { Webhook } from "standardwebhooks";

export interface WebhookMessage {
  url: string;
  /** Standard Webhooks secret, `whsec_` + base64. */
  secret: string;
  /** `webhook-id`: the event's id, the same on every retry and redelivery (the receiver dedupes on it). */
  messageId: string;
  body: string;
}

export type WebhookSendResult = { ok: true; statusCode: number } | { ok: false; statusCode?: number; error: string };

/**
 * POSTs one event to a client's endpoint, signed per Standard Webhooks (the `standardwebhooks` package:
 * `webhook-id`, `webhook-timestamp`, `webhook-signature` = v1,base64(HMAC-SHA256(id.timestamp.body))),
 * with a timeout. Any 2xx is delivered; anything else is a failure with a short code (never the
 * response body, which is the client's and may hold anything).
 */
export async function sendWebhook(message: WebhookMessage, options: { now: Date; timeoutMs?: number; fetchImpl?: typeof fetch } = { now: new Date() }): Promise<WebhookSendResult> {
  const signature = new Webhook(message.secret).sign(message.messageId, options.now, message.body);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Casebook-Webhooks/1",
    "webhook-id": message.messageId,
    "webhook-timestamp": String(Math.floor(options.now.getTime() / 1000)),
    "webhook-signature": signature,
  };
  try {
    const res = await (options.fetchImpl ?? fetch)(message.url, { method: "POST", headers, body: message.body, redirect: "manual", signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    await res.body?.cancel().catch(() => {});
    return res.status >= 200 && res.status < 300 ? { ok: true, statusCode: res.status } : { ok: false, statusCode: res.status, error: `http_${res.status}` };
  } catch (error) {
    const name = (error as { name?: string }).name;
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, error: name === "TimeoutError" ? "timeout" : (code ?? "network_error").toLowerCase() };
  }
}
