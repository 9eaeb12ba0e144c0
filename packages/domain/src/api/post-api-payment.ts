import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { DomainError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { postPayment } from "../payments/post-payment";
import { requireApiClient } from "./api-client";
import { loadClientAccount } from "./client-account";

export const PostApiPayment = z.object({
  accountReference: z.string().trim().min(1).max(100),
  amountMinor: z.number("amount_not_whole").int("amount_not_whole").positive("amount_not_positive"),
  currency: z.string().trim().toUpperCase().length(3, "currency_unknown"),
  method: z.enum(["card", "ach", "bank_transfer", "check", "cash", "alipay", "wechat_pay", "unionpay"]),
  /** The client's or processor's reference: a payment is stored once per reference. */
  reference: z.string().trim().min(1, "required").max(100),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export type PostApiPayment = z.input<typeof PostApiPayment>;

export interface ApiPayment { paymentId: string; accountReference: string; amountMinor: number; currency: string; reference: string | null; status: string; receivedAt: string; duplicate: boolean }

/**
 * A payment the client received, posted to the account's case (allocated as every payment is:
 * oldest account first, to the plan and the promise). Idempotent by the external reference: the same
 * reference again answers the payment already recorded (duplicate: true), never a second one.
 */
export async function postApiPayment(ctx: DomainContext, input: PostApiPayment): Promise<ApiPayment> {
  const { clientId } = requireApiClient(ctx.actor);
  return postClientPayment(ctx, clientId, input);
}

/** The same for a client named by the caller: the API's key, or the run of a client's payments file
 *  (imports/run-payment-import.ts). The account is looked up in that client's book only. */
export async function postClientPayment(ctx: DomainContext, clientId: string, input: PostApiPayment): Promise<ApiPayment> {
  const p = parseInput(PostApiPayment, input);
  const account = await loadClientAccount(ctx.db, clientId, p.accountReference);
  if (account.currency !== p.currency) throw new ValidationError("currency", "currency_mismatch", { currency: account.currency });
  const existing = async () => {
    const [row] = await ctx.db.select().from(schema.payments).where(and(eq(schema.payments.caseId, account.caseId), eq(schema.payments.reference, p.reference)));
    return row ? { paymentId: row.id, accountReference: account.clientReference, amountMinor: row.amountMinor, currency: row.currency, reference: row.reference, status: row.status, receivedAt: row.receivedAt.toISOString(), duplicate: true } : null;
  };
  const before = await existing();
  if (before) return before;
  try {
    const { paymentId } = await postPayment(ctx, { caseId: account.caseId, amountMinor: p.amountMinor, method: p.method, reference: p.reference, receivedAt: p.receivedAt ? new Date(p.receivedAt) : undefined });
    return { paymentId, accountReference: account.clientReference, amountMinor: p.amountMinor, currency: account.currency, reference: p.reference, status: "posted", receivedAt: (p.receivedAt ? new Date(p.receivedAt) : ctx.now).toISOString(), duplicate: false };
  } catch (error) {
    // Two posts of one reference raced: the unique index stored one; answer it.
    if (error instanceof DomainError && error.key === "payment_reference_recorded") {
      const raced = await existing();
      if (raced) return raced;
    }
    throw error;
  }
}
