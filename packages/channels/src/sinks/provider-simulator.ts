import { randomBytes } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { E164 } from "../message";
import { CallRequest, IDEMPOTENCY_HEADER, PROVIDER_PATHS, SmsRequest, type DeliveryReceipt, type InboundSms, type ProviderWebhookEvent } from "../provider/provider-api";
import { createCheckout, type CheckoutPayment } from "./payment-checkout";
import { createSignatureHeaders, DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "../signing";

type ProviderChannel = "sms" | "call";

/** One accepted message or call, kept once per Idempotency-Key. */
export interface SimulatorRecord {
  providerMessageId: string;
  idempotencyKey: string;
  channel: ProviderChannel;
  to: string;
  /** SMS text, or the call's TTS script. */
  text: string;
  language: string;
  receivedAt: string;
  status: "accepted" | "delivered" | "failed";
  /** As received, so a test can re-verify the signature independently. */
  rawBody: string;
  timestamp: string;
  signature: string;
}

/** Every HTTP request, including refused, failed and duplicate ones. */
export interface SimulatorHit {
  at: string;
  method: string;
  path: string;
  status: number | "hung";
  idempotencyKey: string | null;
  /** True when answered from the dedup store instead of creating a record. */
  replay?: boolean;
}

export interface WebhookPost {
  event: ProviderWebhookEvent;
  attempts: number;
  /** The receiver's final HTTP status, if it answered. */
  status?: number;
  error?: string;
  ok: boolean;
}

export type DeliveryOutcome = { status: "delivered" } | { status: "failed"; error: string };

export interface ProviderSimulatorOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
  apiKey: string;
  signingSecret: string;
  /** Where receipts and inbound messages are POSTed; unset: none are sent. */
  webhookUrl?: string;
  /** Delay before a delivery receipt is posted. */
  receiptDelayMs?: number;
  toleranceSeconds?: number;
  /** Accepted records are also appended here as JSON lines (the local outbox). */
  file?: string;
  /** Numbers the provider refuses at once with 400 {"error":"invalid_number"}. */
  rejectNumber?: (to: string) => boolean;
  /** Decides each message's fate; default: delivered. */
  deliveryOutcome?: (record: SimulatorRecord) => DeliveryOutcome;
  logger?: { info(message: string): void; warn(message: string): void };
  /** `hits()` and `webhooks()` keep only the latest this many entries (a long dev session). */
  historyLimit?: number;
}

export interface ProviderSimulator {
  port: number;
  host: string;
  /** http://host:port, ready for PROVIDER_URL. */
  url: string;
  requests(): SimulatorRecord[];
  hits(): SimulatorHit[];
  webhooks(): WebhookPost[];
  /** Payments made on the simulated hosted checkout (/checkout), one per intent. */
  checkoutPayments(): CheckoutPayment[];
  /** The next `count` authenticated requests answer `status` (default 503) without recording anything. */
  failNext(count: number, status?: number): void;
  /**
   * The next `count` authenticated requests never get an answer (until close). With `accept`
   * (default true) the message is still recorded and delivered: the "sent, but the answer was
   * lost" case that forces reconciliation.
   */
  hangNext(count: number, options?: { accept?: boolean }): void;
  setDeliveryOutcome(fn: (record: SimulatorRecord) => DeliveryOutcome): void;
  /** Posts a signed inbound SMS (a reply such as "STOP") to the webhook URL. */
  simulateInbound(input: { from: string; to: string; text: string }): Promise<WebhookPost>;
  /** Resolves once every scheduled receipt has been posted (or given up on). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;
const WEBHOOK_BACKOFF_MS = [0, 250, 1000];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
  ) {
    super(error);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, "body_too_large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** The sleepers of each shutdown signal, woken together by ONE abort listener: a listener per sleep made
 *  every receipt's timer an O(n) add and remove on the signal's listener list (EventTarget checks for
 *  duplicates), and with 12,000 receipts pending the simulator spent its CPU there (issue 15's bench). */
const sleepers = new WeakMap<AbortSignal, Set<() => void>>();

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    let waiting = sleepers.get(signal);
    if (!waiting) {
      const set = new Set<() => void>();
      sleepers.set(signal, set);
      signal.addEventListener("abort", () => {
        for (const wake of [...set]) wake();
      }, { once: true });
      waiting = set;
    }
    const set = waiting;
    const wake = () => {
      clearTimeout(timer);
      set.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    set.add(wake);
  });
}

/**
 * A local stand-in for the SMS/voice provider: the same HTTP API the adapter calls, with API-key
 * and signature checks, Idempotency-Key dedup, and signed delivery receipts posted back.
 * Development and tests only.
 */
export async function startProviderSimulator(options: ProviderSimulatorOptions): Promise<ProviderSimulator> {
  if (!options.apiKey || !options.signingSecret) throw new Error("startProviderSimulator: apiKey and signingSecret are required");
  const host = options.host ?? "127.0.0.1";
  const receiptDelayMs = options.receiptDelayMs ?? 200;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const log = options.logger;
  let deliveryOutcome = options.deliveryOutcome ?? (() => ({ status: "delivered" }) as const);

  const historyLimit = options.historyLimit ?? 10_000;
  const remember = <T>(list: T[], item: T) => {
    list.push(item);
    if (list.length > historyLimit) list.splice(0, list.length - historyLimit);
  };
  // Records are never dropped: they are the dedup store, as a real provider's would be.
  const records = new Map<string, SimulatorRecord>();
  const hits: SimulatorHit[] = [];
  const posts: WebhookPost[] = [];
  const pending = new Set<Promise<void>>();
  const hanging = new Set<ServerResponse>();
  const shutdown = new AbortController();
  let failures: { count: number; status: number } = { count: 0, status: 503 };
  let hangs: { count: number; accept: boolean } = { count: 0, accept: true };
  let writes: Promise<void> = Promise.resolve();
  if (options.file) await mkdir(path.dirname(options.file), { recursive: true });

  async function postWebhook(event: ProviderWebhookEvent): Promise<WebhookPost> {
    const post: WebhookPost = { event, attempts: 0, ok: false };
    remember(posts, post);
    const url = options.webhookUrl;
    if (!url) {
      post.error = "no webhook URL configured";
      return post;
    }
    const body = JSON.stringify(event);
    for (const delay of WEBHOOK_BACKOFF_MS) {
      if (delay) await sleep(delay, shutdown.signal);
      if (shutdown.signal.aborted) break;
      post.attempts++;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...createSignatureHeaders({ body, secret: options.signingSecret }) },
          body,
          signal: AbortSignal.any([shutdown.signal, AbortSignal.timeout(5000)]),
        });
        await res.arrayBuffer().catch(() => undefined);
        post.status = res.status;
        delete post.error;
        // A 4xx means the receiver refused this event (bad signature, unknown id): retrying cannot help.
        if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) break;
      } catch (err) {
        post.error = (err as Error).message;
      }
    }
    post.ok = post.status !== undefined && post.status >= 200 && post.status < 300;
    if (!post.ok) log?.warn(`[provider-sim] webhook ${event.type} ${event.providerMessageId} not accepted (${post.status ?? post.error})`);
    return post;
  }

  function track(work: Promise<unknown>): void {
    const p = work.then(
      () => undefined,
      () => undefined,
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }

  function scheduleReceipt(record: SimulatorRecord): void {
    track(
      (async () => {
        await sleep(receiptDelayMs, shutdown.signal);
        if (shutdown.signal.aborted) return;
        const outcome = deliveryOutcome(record);
        record.status = outcome.status;
        const receipt: DeliveryReceipt = {
          type: "receipt",
          eventId: `evt_${randomBytes(12).toString("hex")}`,
          providerMessageId: record.providerMessageId,
          idempotencyKey: record.idempotencyKey,
          channel: record.channel,
          status: outcome.status,
          ...(outcome.status === "failed" ? { error: outcome.error } : {}),
          at: new Date().toISOString(),
        };
        await postWebhook(receipt);
      })(),
    );
  }

  function authenticate(req: IncomingMessage, rawBody: string): void {
    if (header(req, "authorization") !== `Bearer ${options.apiKey}`) throw new HttpError(401, "invalid_api_key");
    const ok = verifySignature({
      body: rawBody,
      timestamp: header(req, TIMESTAMP_HEADER),
      signature: header(req, SIGNATURE_HEADER),
      secret: options.signingSecret,
      now: new Date(),
      toleranceSeconds: tolerance,
    });
    if (!ok) throw new HttpError(401, "invalid_signature");
  }

  function createMessage(req: IncomingMessage, channel: ProviderChannel, rawBody: string, hit: SimulatorHit): { status: number; body: unknown } {
    const key = header(req, IDEMPOTENCY_HEADER);
    if (!key || key.length > 200) throw new HttpError(400, "idempotency_key_required");
    hit.idempotencyKey = key;
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new HttpError(400, "invalid_json");
    }
    let to: string, text: string, language: string;
    if (channel === "sms") {
      const p = SmsRequest.safeParse(json);
      if (!p.success) throw new HttpError(400, "invalid_request");
      ({ to, text, language } = p.data);
    } else {
      const p = CallRequest.safeParse(json);
      if (!p.success) throw new HttpError(400, "invalid_request");
      ({ to, script: text, language } = p.data);
    }

    if (options.rejectNumber?.(to)) throw new HttpError(400, "invalid_number");
    const existing = records.get(key);
    if (existing) {
      // Same key, same message: answer as the first time. Same key, another message: a caller bug.
      if (existing.channel !== channel || existing.to !== to || existing.text !== text || existing.language !== language) {
        throw new HttpError(409, "idempotency_key_reused");
      }
      hit.replay = true;
      return { status: 200, body: { providerMessageId: existing.providerMessageId, status: existing.status } };
    }
    const record: SimulatorRecord = {
      providerMessageId: `${channel === "sms" ? "SM" : "CA"}${randomBytes(12).toString("hex")}`,
      idempotencyKey: key,
      channel,
      to,
      text,
      language,
      receivedAt: new Date().toISOString(),
      status: "accepted",
      rawBody,
      timestamp: header(req, TIMESTAMP_HEADER) ?? "",
      signature: header(req, SIGNATURE_HEADER) ?? "",
    };
    records.set(key, record);
    log?.info(`[provider-sim] ${channel} accepted ${record.providerMessageId} (dispatch ${key})`);
    const file = options.file;
    if (file) {
      const line = JSON.stringify({ ...record, rawBody: undefined, signature: undefined, timestamp: undefined });
      writes = writes.then(() => appendFile(file, `${line}\n`)).catch(() => {});
    }
    scheduleReceipt(record);
    return { status: 202, body: { providerMessageId: record.providerMessageId, status: record.status } };
  }

  function lookupMessage(channel: ProviderChannel, url: URL): { status: number; body: unknown } {
    const key = url.searchParams.get("idempotencyKey");
    if (!key) throw new HttpError(400, "idempotency_key_required");
    const record = records.get(key);
    if (!record || record.channel !== channel) return { status: 404, body: { error: "not_found" } };
    return { status: 200, body: { providerMessageId: record.providerMessageId, status: record.status, idempotencyKey: key, channel } };
  }

  const checkout = createCheckout(options.signingSecret);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim");
    const hit: SimulatorHit = { at: new Date().toISOString(), method: req.method ?? "", path: url.pathname, status: 500, idempotencyKey: null };
    remember(hits, hit);
    try {
      if (req.method === "GET" && url.pathname === "/healthz") {
        hit.status = 200;
        return sendJson(res, 200, { ok: true });
      }
      // The payment provider's hosted checkout lives on the same simulator (one local sink, one port).
      if (await checkout.handle(req, res, url, () => readBody(req))) {
        hit.status = res.statusCode;
        return;
      }
      const channel = (Object.keys(PROVIDER_PATHS) as ProviderChannel[]).find((c) => PROVIDER_PATHS[c] === url.pathname);
      if (!channel || (req.method !== "POST" && req.method !== "GET")) throw new HttpError(404, "not_found");
      const rawBody = await readBody(req);
      authenticate(req, rawBody);

      if (failures.count > 0) {
        failures.count--;
        throw new HttpError(failures.status, "simulated_failure");
      }
      if (hangs.count > 0) {
        hangs.count--;
        hit.status = "hung";
        hit.idempotencyKey = header(req, IDEMPOTENCY_HEADER) ?? null;
        if (hangs.accept && req.method === "POST") {
          try {
            createMessage(req, channel, rawBody, hit);
          } catch {
            // An invalid request that hangs simply hangs.
          }
          hit.status = "hung";
        }
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      const result = req.method === "POST" ? createMessage(req, channel, rawBody, hit) : lookupMessage(channel, url);
      hit.status = result.status;
      sendJson(res, result.status, result.body);
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, "internal_error");
      hit.status = e.status;
      if (!res.headersSent) sendJson(res, e.status, { error: e.error });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const idle = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };

  return {
    port,
    host,
    url: `http://${host}:${port}`,
    requests: () => [...records.values()],
    hits: () => [...hits],
    webhooks: () => [...posts],
    checkoutPayments: () => checkout.payments(),
    failNext(count, status = 503) {
      failures = { count, status };
    },
    hangNext(count, opts = {}) {
      hangs = { count, accept: opts.accept ?? true };
    },
    setDeliveryOutcome(fn) {
      deliveryOutcome = fn;
    },
    async simulateInbound({ from, to, text }) {
      if (!E164.safeParse(from).success || !E164.safeParse(to).success) throw new Error("simulateInbound: from and to must be E.164 numbers");
      const event: InboundSms = { type: "inbound", eventId: `evt_${randomBytes(12).toString("hex")}`, providerMessageId: `IN${randomBytes(12).toString("hex")}`, from, to, text, at: new Date().toISOString() };
      const work = postWebhook(event);
      track(work);
      return work;
    },
    idle,
    async close() {
      shutdown.abort();
      for (const res of hanging) res.destroy();
      await idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await writes;
    },
  };
}
