import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { invalidateContactPointInTx } from "./invalidate-contact-point";
import { recordOutcomeInTx } from "./record-outcome";

export const ApplyDeliveryReceipt = z.object({
  provider: z.string().min(1).max(50).default("provider"),
  /** The provider's event key (idempotency of the webhook). */
  eventKey: z.string().min(1).max(300),
  providerMessageId: z.string().min(1).max(200),
  /** The dispatch id the message was sent with. */
  dispatchId: z.string().min(1).max(200),
  status: z.enum(["delivered", "failed"]),
  error: z.string().max(100).optional(),
  at: z.iso.datetime(),
});
export type ApplyDeliveryReceipt = z.input<typeof ApplyDeliveryReceipt>;

export type ApplyDeliveryReceiptResult = { applied: true; attemptId: string } | { applied: false; reason: "duplicate" | "unknown_dispatch" };

/** Provider errors that mean the number itself is unusable. */
const INVALID_NUMBER_ERRORS = new Set(["invalid_number", "not_in_service", "disconnected"]);

/** A delivery receipt from the provider webhook: one outcome row, once per event key. */
export async function applyDeliveryReceipt(ctx: DomainContext, rawInput: ApplyDeliveryReceipt): Promise<ApplyDeliveryReceiptResult> {
  const input = parseInput(ApplyDeliveryReceipt, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [event] = await tx
      .insert(s.webhookEvents)
      .values({ provider: input.provider, eventKey: input.eventKey, kind: "receipt", payload: { providerMessageId: input.providerMessageId, dispatchId: input.dispatchId, status: input.status, error: input.error ?? null, at: input.at }, processedAt: ctx.now })
      .onConflictDoNothing({ target: s.webhookEvents.eventKey })
      .returning({ id: s.webhookEvents.id });
    if (!event) return { applied: false, reason: "duplicate" } as const;
    const uuid = z.uuid().safeParse(input.dispatchId);
    const attempt = uuid.success ? await tx.query.contactAttempts.findFirst({ where: eq(s.contactAttempts.dispatchId, uuid.data) }) : undefined;
    if (!attempt) {
      await writeAudit(tx, ctx.actor, { action: "webhook.receipt_unmatched", entityType: "webhook_event", entityId: event.id, details: { providerMessageId: input.providerMessageId } }, ctx.now);
      return { applied: false, reason: "unknown_dispatch" } as const;
    }
    await recordOutcomeInTx(tx, ctx.actor, ctx.now, {
      attemptId: attempt.id,
      outcome: input.status,
      source: "provider",
      providerMessageId: input.providerMessageId,
      details: { providerStatus: input.status, ...(input.error ? { error: input.error } : {}) },
      at: new Date(input.at),
    });
    if (input.status === "failed" && input.error && INVALID_NUMBER_ERRORS.has(input.error) && attempt.contactPointId) {
      await invalidateContactPointInTx(tx, ctx.actor, ctx.now, { contactPointId: attempt.contactPointId, reason: "wrong_number" });
    }
    return { applied: true, attemptId: attempt.id } as const;
  });
}
