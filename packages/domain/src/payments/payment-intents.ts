import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { signPayload, verifySignature } from "@casebook/channels/signing";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { ForbiddenError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";
import { isClosedAccountStatus } from "../cases/account-status";
import { amountInCurrency } from "./money";
import { postPayment } from "./post-payment";

/** A link to pay lives a day: long enough for a text read tonight, short enough not to be reused next month. */
export const PAYMENT_INTENT_TTL_MS = 24 * 3_600_000;

export const CreatePaymentIntent = z.object({
  caseId: z.uuid(),
  /** In the debt's major units ("125.00"), scaled by its currency. */
  amount: z.string().trim().min(1, "required").max(20),
});

export interface CheckoutConfig {
  /** The payment provider's hosted checkout (the local simulator in development and tests). */
  baseUrl: string;
  /** Where the provider posts its signed callback, and where it sends the payer back. */
  callbackUrl: string;
  returnUrl: string;
  secret: string;
}

/** The checkout link's parameters, in the order they are signed. */
function canonical(q: { intent: string; amount: string; currency: string; callback: string; return: string }): string {
  return [q.intent, q.amount, q.currency, q.callback, q.return].join("|");
}

/**
 * A payment to be made on the provider's hosted checkout, by the debtor in the portal or through a link an
 * agent sends: the amount (at most what is owed) is fixed in the link and signed (HMAC), so a changed
 * link is refused by the provider. The money reaches the ledger only through the provider's signed
 * callback (applyPaymentCallback).
 */
export async function createPaymentIntent(ctx: DomainContext, input: z.input<typeof CreatePaymentIntent>, checkout: CheckoutConfig): Promise<{ intentId: string; checkoutUrl: string; amountMinor: number; currency: string }> {
  const p = parseInput(CreatePaymentIntent, input);
  if (ctx.actor.kind !== "debtor" && ctx.actor.kind !== "user") throw new ForbiddenError();
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { work: true });
    const accounts = (await tx.select().from(s.accounts).where(eq(s.accounts.caseId, c.id))).filter((a) => !isClosedAccountStatus(a.status) && a.balanceMinor > 0);
    if (accounts.length === 0) throw new ValidationError("amount", "nothing_owed");
    const currency = accounts[0]!.currency;
    const amountMinor = amountInCurrency("amount", p.amount, currency);
    if (amountMinor <= 0) throw new ValidationError("amount", "amount_not_positive");
    if (amountMinor > accounts.reduce((t, a) => t + a.balanceMinor, 0)) throw new ValidationError("amount", "amount_over_balance");
    const source = ctx.actor.kind === "debtor" ? "portal" : "agent_link";
    const [row] = await tx.insert(s.paymentIntents).values({
      caseId: c.id, amountMinor, currency, source, createdBy: actorUserId(ctx.actor), expiresAt: new Date(ctx.now.getTime() + PAYMENT_INTENT_TTL_MS), createdAt: ctx.now,
    }).returning({ id: s.paymentIntents.id });
    await writeAudit(tx, ctx.actor, { action: "payment.intent", entityType: "payment_intent", entityId: row!.id, caseId: c.id, personId: c.personId, details: { amountMinor, currency, source } }, ctx.now);
    const q = { intent: row!.id, amount: String(amountMinor), currency, callback: checkout.callbackUrl, return: checkout.returnUrl };
    const ts = Math.floor(ctx.now.getTime() / 1000);
    const sig = signPayload({ body: canonical(q), secret: checkout.secret, timestamp: ts });
    const url = new URL("/checkout", checkout.baseUrl);
    for (const [k, v] of Object.entries({ ...q, ts: String(ts), sig })) url.searchParams.set(k, v);
    return { intentId: row!.id, checkoutUrl: url.toString(), amountMinor, currency };
  });
}

const PaymentCallback = z.object({
  type: z.literal("payment"),
  eventId: z.string().min(1).max(100),
  intentId: z.uuid(),
  providerPaymentId: z.string().min(1).max(100),
  status: z.enum(["succeeded", "failed"]),
  amountMinor: z.number().int().positive(),
  currency: z.string().length(3),
});

export type PaymentCallbackResult =
  | { ok: false; reason: "bad_signature" | "bad_payload" | "unknown_intent" | "amount_mismatch" }
  | { ok: true; duplicate: boolean; status: "succeeded" | "failed" };

/**
 * The provider's signed callback (HMAC over the raw body, fail closed), applied once: a succeeded payment
 * is posted to the same ledger as an agent's (postPayment, the intent's id as its reference, which is
 * unique per case), so a redelivered or concurrent callback finds the payment already there and posts
 * nothing. `signatureNow` is the wall clock (the provider's timestamp is real time); the payment itself is
 * dated by the context's clock.
 */
export async function applyPaymentCallback(ctx: DomainContext, input: { rawBody: string; timestamp: string | null; signature: string | null; secret: string; signatureNow: Date }): Promise<PaymentCallbackResult> {
  if (!verifySignature({ body: input.rawBody, timestamp: input.timestamp, signature: input.signature, secret: input.secret, now: input.signatureNow })) return { ok: false, reason: "bad_signature" };
  let event: z.infer<typeof PaymentCallback>;
  try {
    event = PaymentCallback.parse(JSON.parse(input.rawBody));
  } catch {
    return { ok: false, reason: "bad_payload" };
  }
  const [intent] = await ctx.db.select().from(s.paymentIntents).where(eq(s.paymentIntents.id, event.intentId));
  if (!intent) return { ok: false, reason: "unknown_intent" };
  if (intent.status !== "open") return { ok: true, duplicate: true, status: intent.status === "succeeded" ? "succeeded" : "failed" };
  if (event.status === "failed") {
    const rows = await ctx.db.update(s.paymentIntents).set({ status: "failed", providerPaymentId: event.providerPaymentId, settledAt: ctx.now })
      .where(and(eq(s.paymentIntents.id, intent.id), eq(s.paymentIntents.status, "open"))).returning({ id: s.paymentIntents.id });
    if (rows.length) await writeAudit(ctx.db, ctx.actor, { action: "payment.intent_failed", entityType: "payment_intent", entityId: intent.id, caseId: intent.caseId }, ctx.now);
    return { ok: true, duplicate: rows.length === 0, status: "failed" };
  }
  if (event.amountMinor !== intent.amountMinor || event.currency !== intent.currency) return { ok: false, reason: "amount_mismatch" };
  const reference = `intent:${intent.id}`;
  let duplicate = false;
  let paymentId: string | null = null;
  try {
    paymentId = (await postPayment(ctx, { caseId: intent.caseId, amountMinor: intent.amountMinor, method: "card", reference, receivedAt: ctx.now })).paymentId;
  } catch (err) {
    if (!(err instanceof ValidationError && err.key === "payment_reference_recorded")) throw err;
    duplicate = true;
  }
  if (!paymentId) {
    const [existing] = await ctx.db.select({ id: s.payments.id }).from(s.payments).where(and(eq(s.payments.caseId, intent.caseId), eq(s.payments.reference, reference)));
    paymentId = existing?.id ?? null;
  }
  const rows = await ctx.db.update(s.paymentIntents).set({ status: "succeeded", paymentId, providerPaymentId: event.providerPaymentId, settledAt: ctx.now })
    .where(and(eq(s.paymentIntents.id, intent.id), inArray(s.paymentIntents.status, ["open"]))).returning({ id: s.paymentIntents.id });
  if (rows.length) await writeAudit(ctx.db, ctx.actor, { action: "payment.intent_succeeded", entityType: "payment_intent", entityId: intent.id, caseId: intent.caseId, details: { paymentId } }, ctx.now);
  return { ok: true, duplicate: duplicate || rows.length === 0, status: "succeeded" };
}
