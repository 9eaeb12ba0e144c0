import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createSignatureHeaders, signPayload, verifySignature } from "../signing";

/**
 * The payment provider's hosted checkout, simulated (served by the provider simulator at /checkout): the
 * shop's link carries the intent, amount, currency, callback and return URLs, signed with the shared
 * secret (HMAC, signing.ts, over "intent|amount|currency|callback|return"); a changed link is refused.
 * "Pay" posts a signed `payment` event to the callback (retried a few times), once per intent (a second
 * click resends the same event id: the receiver must be idempotent), then sends the payer back.
 */
export interface CheckoutPayment {
  intentId: string;
  eventId: string;
  providerPaymentId: string;
  status: "succeeded" | "failed";
  amountMinor: number;
  currency: string;
  callbackStatus?: number;
}

const FIELDS = ["intent", "amount", "currency", "callback", "return"] as const;

function esc(v: string): string {
  return v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createCheckout(secret: string) {
  const payments = new Map<string, CheckoutPayment>();

  function verified(params: URLSearchParams): Record<(typeof FIELDS)[number], string> | null {
    const q = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ""])) as Record<(typeof FIELDS)[number], string>;
    const ts = params.get("ts");
    if (FIELDS.some((f) => !q[f]) || !ts || !/^\d+$/.test(q.amount)) return null;
    const ok = verifySignature({ body: FIELDS.map((f) => q[f]).join("|"), timestamp: ts, signature: params.get("sig"), secret, now: new Date(Number(ts) * 1000) });
    return ok ? q : null;
  }

  async function post(callback: string, payment: CheckoutPayment): Promise<number | undefined> {
    const body = JSON.stringify({ type: "payment", eventId: payment.eventId, intentId: payment.intentId, providerPaymentId: payment.providerPaymentId, status: payment.status, amountMinor: payment.amountMinor, currency: payment.currency });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await fetch(callback, { method: "POST", headers: { "Content-Type": "application/json", ...createSignatureHeaders({ body, secret }) }, body });
        if (res.status < 500) return res.status;
      } catch {
        // retried below
      }
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    return undefined;
  }

  /** Answers /checkout (GET: the page; POST: the payer's choice); false for any other path. */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: () => Promise<string>): Promise<boolean> {
    if (url.pathname !== "/checkout") return false;
    const params = req.method === "POST" ? new URLSearchParams(await rawBody()) : url.searchParams;
    const q = verified(params);
    if (!q) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("invalid or altered payment link");
      return true;
    }
    const amount = (Number(q.amount) / 100).toFixed(2);
    if (req.method === "GET") {
      const hidden = [...FIELDS, "ts", "sig"].map((f) => `<input type="hidden" name="${f}" value="${esc(params.get(f) ?? "")}">`).join("");
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test payment provider</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem"><main><h1>Test payment provider</h1>
<p>Pay <strong data-testid="checkout-amount">${esc(amount)} ${esc(q.currency)}</strong> (simulated card).</p>
<form method="post" action="/checkout">${hidden}<button type="submit" name="outcome" value="succeeded">Pay</button> <button type="submit" name="outcome" value="failed">Decline</button></form></main></body></html>`;
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(html);
      return true;
    }
    const outcome = params.get("outcome") === "failed" ? "failed" : "succeeded";
    const payment = payments.get(q.intent) ?? { intentId: q.intent, eventId: `evt_pay_${randomBytes(6).toString("hex")}`, providerPaymentId: `PAY_${randomBytes(6).toString("hex")}`, status: outcome, amountMinor: Number(q.amount), currency: q.currency };
    payments.set(q.intent, payment);
    const callbackStatus = await post(q.callback, payment);
    if (callbackStatus !== undefined) payment.callbackStatus = callbackStatus;
    const back = new URL(q.return);
    back.searchParams.set("payment", payment.status);
    res.writeHead(303, { Location: back.toString() });
    res.end();
    return true;
  }

  return { handle, payments: () => [...payments.values()], sign: (body: string, timestamp: number) => signPayload({ body, secret, timestamp }) };
}
