import { Agent, request as undiciRequest } from "undici";
import { PermanentChannelError, TransientChannelError } from "../errors";
import { IdempotencyKey, type CallMessage, type ChannelAdapter, type LookupResult, type OutboundMessageInput, type SendOptions, type SendResult, type SmsMessage } from "../message";
import { createSignatureHeaders } from "../signing";
import { validateMessage } from "../validate-message";
import { IDEMPOTENCY_HEADER, PROVIDER_PATHS, ProviderAccepted, ProviderLookup, type CallRequest, type SmsRequest } from "./provider-api";

export interface ProviderAdapterOptions {
  /** e.g. http://127.0.0.1:4010 */
  baseUrl: string;
  apiKey: string;
  signingSecret: string;
  timeoutMs?: number;
  /** Injected clock for the signature timestamp (tests, the outreach simulation). */
  now?: () => Date;
  /** Keep-alive connections to the provider at most (undici Agent); requests beyond wait for one. */
  connections?: number;
}

type ProviderChannel = "sms" | "call";

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isTimeout(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === "TimeoutError" || name === "AbortError";
}

// Only a refused connection proves the request never left; a reset or a socket closed
// mid-flight may come after the provider accepted it. (undici's request puts the code on the error,
// fetch on its cause.)
function neverSent(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  const code = e?.code ?? e?.cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

function errorToken(text: string): string | undefined {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    return typeof error === "string" && /^[a-z0-9_.-]{1,64}$/i.test(error) ? error : undefined;
  } catch {
    return undefined;
  }
}

function mapStatus(status: number, retryAfter: string | null, body = ""): Error {
  const reason = errorToken(body);
  if (status === 503 || status === 429) {
    // Both say "not processed, come back later".
    return new TransientChannelError(status === 429 ? "rate_limited" : "provider_unavailable", `provider answered ${status}`, {
      status,
      retryAfterMs: parseRetryAfter(retryAfter),
      reason,
    });
  }
  if (status >= 500 || status === 408) {
    return new TransientChannelError("provider_error", `provider answered ${status}`, { status, outcomeUnknown: true, reason });
  }
  if (status === 401 || status === 403) return new PermanentChannelError("unauthorized", `provider refused our credentials (${status})`, { status, reason });
  if (status === 409 || status === 422) {
    return new PermanentChannelError("idempotency_conflict", `provider refused the idempotency key (${status}): it was used for a different message`, { status, reason });
  }
  if (reason === "invalid_number" || reason === "unreachable_number") {
    return new PermanentChannelError("recipient_rejected", `provider refused the number (${status} ${reason})`, { status, reason });
  }
  return new PermanentChannelError("rejected", `provider rejected the message (${status}${reason ? ` ${reason}` : ""})`, { status, reason });
}

function createProviderAdapter<C extends ProviderChannel>(channel: C, options: ProviderAdapterOptions): ChannelAdapter<C> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const base = options.baseUrl.replace(/\/+$/, "");
  // undici's request on a keep-alive Agent of our own, not fetch: fetch's WHATWG streams and request
  // objects were a sixth of a dispatching worker's CPU profile (issue 15); the Agent keeps the
  // connections open between batches and bounds how many there are.
  const agent = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000 });

  async function request(method: "GET" | "POST", path: string, body: string, idempotencyKey?: string) {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.apiKey}`,
      Accept: "application/json",
      ...createSignatureHeaders({ body, secret: options.signingSecret, timestamp: Math.floor(now().getTime() / 1000) }),
    };
    if (method === "POST") headers["Content-Type"] = "application/json";
    if (idempotencyKey) headers[IDEMPOTENCY_HEADER] = idempotencyKey;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await undiciRequest(`${base}${path}`, { method, headers, body: method === "POST" ? body : undefined, signal, dispatcher: agent });
      // The body is read under the same deadline: a provider that stalls mid-answer is a timeout too.
      const text = await res.body.text();
      const retryAfter = res.headers["retry-after"];
      return { ok: res.statusCode >= 200 && res.statusCode < 300, status: res.statusCode, retryAfter: (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null, text };
    } catch (err) {
      if (signal.aborted || isTimeout(err)) {
        throw new TransientChannelError("timeout", `provider did not answer within ${timeoutMs} ms`, { outcomeUnknown: true, cause: err });
      }
      throw new TransientChannelError("network", "provider unreachable", { outcomeUnknown: !neverSent(err), cause: err });
    }
  }

  return {
    channel,
    async send(input: OutboundMessageInput, opts: SendOptions): Promise<SendResult> {
      const msg: SmsMessage | CallMessage = validateMessage(channel, input, opts);
      const payload: SmsRequest | CallRequest =
        channel === "sms" ? { to: msg.to, text: msg.text, language: msg.language } : { to: msg.to, script: msg.text, language: msg.language };
      const body = JSON.stringify(payload);
      const res = await request("POST", PROVIDER_PATHS[channel], body, opts.idempotencyKey);
      const text = res.text;
      if (!res.ok) throw mapStatus(res.status, res.retryAfter, text);
      let parsed: ReturnType<typeof ProviderAccepted.safeParse>;
      try {
        parsed = ProviderAccepted.safeParse(JSON.parse(text));
      } catch {
        parsed = ProviderAccepted.safeParse(undefined);
      }
      if (!parsed.success) {
        // Accepted but unreadable: a retry with the same key is answered from the provider's dedup.
        throw new TransientChannelError("bad_provider_response", `provider answered ${res.status} with an unreadable body`, { status: res.status, outcomeUnknown: true });
      }
      return { status: parsed.data.status === "delivered" ? "delivered" : "accepted", providerMessageId: parsed.data.providerMessageId };
    },
    async lookup(idempotencyKey: string): Promise<LookupResult> {
      const key = IdempotencyKey.safeParse(idempotencyKey);
      if (!key.success) throw new PermanentChannelError("invalid_idempotency_key", "invalid idempotency key");
      const res = await request("GET", `${PROVIDER_PATHS[channel]}?idempotencyKey=${encodeURIComponent(key.data)}`, "");
      const text = res.text;
      if (res.status === 404) return { found: false };
      if (!res.ok) throw mapStatus(res.status, res.retryAfter, text);
      let parsed: ReturnType<typeof ProviderLookup.safeParse>;
      try {
        parsed = ProviderLookup.safeParse(JSON.parse(text));
      } catch {
        parsed = ProviderLookup.safeParse(undefined);
      }
      if (!parsed.success) throw new TransientChannelError("bad_provider_response", "provider lookup answer is unreadable", { status: res.status });
      return { found: true, providerMessageId: parsed.data.providerMessageId, status: parsed.data.status };
    },
    async close() {
      await agent.close();
    },
  };
}

export function createSmsAdapter(options: ProviderAdapterOptions): ChannelAdapter<"sms"> {
  return createProviderAdapter("sms", options);
}

export function createCallAdapter(options: ProviderAdapterOptions): ChannelAdapter<"call"> {
  return createProviderAdapter("call", options);
}
