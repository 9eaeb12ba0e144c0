import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { openDispute } from "../disputes/open-dispute";
import { placeHold, type PlaceHold } from "../holds/place-hold";
import { IsoDate } from "../cases/dates";
import { reversePayment } from "../payments/reverse-payment";
import { requireApiClient } from "./api-client";
import { loadClientAccount } from "./client-account";

// The client's own reports of a dispute, a hold or a returned payment, through the console's verbs
// (same checks, same audit, same outreach effects), addressed by the client's references.

export const OpenApiDispute = z.object({
  accountReference: z.string().trim().min(1).max(100),
  ground: z.enum(["existence", "amount", "identity", "other"]).default("other"),
  reason: z.string().trim().min(3, "dispute_reason_required").max(2000, "text_too_long"),
});
export type OpenApiDispute = z.input<typeof OpenApiDispute>;

export async function openApiDispute(ctx: DomainContext, input: OpenApiDispute): Promise<{ disputeId: string; accountReference: string; status: "open" }> {
  const { clientId } = requireApiClient(ctx.actor);
  const p = parseInput(OpenApiDispute, input);
  const a = await loadClientAccount(ctx.db, clientId, p.accountReference);
  const { disputeId } = await openDispute(ctx, { caseId: a.caseId, accountId: a.id, receivedVia: "written", ground: p.ground, reason: p.reason });
  return { disputeId, accountReference: a.clientReference, status: "open" };
}

export const PlaceApiHold = z.object({
  accountReference: z.string().trim().min(1).max(100),
  /** What the client learnt: the debtor ceased contact, filed for bankruptcy, died, or another stop. */
  kind: z.enum(["cease", "bankruptcy", "deceased", "hardship", "fraud", "lacks_capacity"]),
  /** Required for a bankruptcy (the chapter and the filing date decide what the rules allow). */
  bankruptcy: z.object({ chapter: z.enum(["7", "11", "13"]), filingDate: z.string().regex(IsoDate, "date_format") }).optional(),
  note: z.string().trim().max(2000).optional(),
}).superRefine((v, c) => {
  if (v.kind === "bankruptcy" && !v.bankruptcy) c.addIssue({ code: "custom", path: ["bankruptcy"], message: "required" });
});
export type PlaceApiHold = z.input<typeof PlaceApiHold>;

export async function placeApiHold(ctx: DomainContext, input: PlaceApiHold): Promise<{ holdId: string; accountReference: string; kind: string }> {
  const { clientId } = requireApiClient(ctx.actor);
  const p = parseInput(PlaceApiHold, input);
  const a = await loadClientAccount(ctx.db, clientId, p.accountReference);
  const hold: PlaceHold = p.kind === "bankruptcy" ? { caseId: a.caseId, kind: "bankruptcy", bankruptcy: p.bankruptcy!, note: p.note }
    : p.kind === "deceased" ? { caseId: a.caseId, kind: "deceased", deceased: {}, note: p.note }
    : { caseId: a.caseId, kind: p.kind, note: p.note };
  const { holdId } = await placeHold(ctx, hold);
  return { holdId, accountReference: a.clientReference, kind: p.kind };
}

export const ReverseApiPayment = z.object({
  paymentId: z.uuid(),
  reason: z.enum(["nsf", "returned", "chargeback"]),
});
export type ReverseApiPayment = z.input<typeof ReverseApiPayment>;

export async function reverseApiPayment(ctx: DomainContext, input: ReverseApiPayment): Promise<{ paymentId: string; status: "reversed"; reopenedAccounts: number }> {
  const { clientId } = requireApiClient(ctx.actor);
  const p = parseInput(ReverseApiPayment, input);
  // reversePayment checks the case's client for an API actor too; this keeps another client's id a 404 before any lock.
  const [own] = await ctx.db.select({ id: schema.payments.id }).from(schema.payments).innerJoin(schema.cases, eq(schema.cases.id, schema.payments.caseId))
    .where(and(eq(schema.payments.id, p.paymentId), eq(schema.cases.clientId, clientId)));
  if (!own) throw new NotFoundError("payment", p.paymentId);
  const r = await reversePayment(ctx, p);
  return { paymentId: r.paymentId, status: "reversed", reopenedAccounts: r.reopenedAccounts };
}

