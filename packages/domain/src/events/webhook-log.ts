import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { requireAdmin } from "../admin/require-admin";
import type { DeliveryRef } from "./relay-outbox";

export interface WebhookEndpointView { id: string; url: string; eventTypes: string[]; active: boolean; createdAt: Date }
export interface WebhookDeliveryView { id: string; eventId: string; type: string; url: string; status: string; attempts: number; lastStatusCode: number | null; lastError: string | null; lastAttemptAt: Date | null; deliveredAt: Date | null; createdAt: Date }

/** A client's endpoints and its latest deliveries (the admin's delivery log), newest first. */
export async function listWebhookLog(ctx: DomainContext, input: { clientId: string; before?: Date; limit?: number }): Promise<{ endpoints: WebhookEndpointView[]; deliveries: WebhookDeliveryView[] }> {
  requireAdmin(ctx.actor);
  const p = parseInput(z.object({ clientId: z.uuid(), before: z.date().optional(), limit: z.number().int().min(1).max(200).default(50) }), input);
  const e = schema.webhookEndpoints;
  const d = schema.webhookDeliveries;
  const endpoints = await ctx.db.select({ id: e.id, url: e.url, eventTypes: e.eventTypes, active: e.active, createdAt: e.createdAt }).from(e).where(eq(e.clientId, p.clientId)).orderBy(desc(e.createdAt));
  const deliveries = await ctx.db.select({
    id: d.id, eventId: d.eventId, type: schema.outboxEvents.type, url: e.url, status: d.status, attempts: d.attempts, lastStatusCode: d.lastStatusCode, lastError: d.lastError,
    lastAttemptAt: d.lastAttemptAt, deliveredAt: d.deliveredAt, createdAt: d.createdAt,
  }).from(d).innerJoin(e, eq(e.id, d.endpointId)).innerJoin(schema.outboxEvents, eq(schema.outboxEvents.eventId, d.eventId))
    .where(and(eq(d.clientId, p.clientId), p.before ? lt(d.createdAt, p.before) : undefined)).orderBy(desc(d.createdAt), desc(d.id)).limit(p.limit);
  return { endpoints, deliveries };
}

export const RedeliverWebhook = z.object({ deliveryId: z.uuid() });
export type RedeliverWebhook = z.infer<typeof RedeliverWebhook>;

/** Sends a delivery again (failed, or delivered and asked for again): a new generation, so a new job
 *  with a fresh set of retries; the message id stays the event's, so the receiver can dedupe. */
export async function redeliverWebhook(ctx: DomainContext, input: RedeliverWebhook): Promise<DeliveryRef> {
  requireAdmin(ctx.actor);
  const p = parseInput(RedeliverWebhook, input);
  return ctx.db.transaction(async (tx) => {
    const d = schema.webhookDeliveries;
    const [row] = await tx.update(d).set({ status: "pending", generation: sql`${schema.webhookDeliveries.generation} + 1`, lastError: null }).where(eq(d.id, p.deliveryId))
      .returning({ id: d.id, generation: d.generation, clientId: d.clientId });
    if (!row) throw new NotFoundError("webhook_delivery", p.deliveryId);
    await writeAudit(tx, ctx.actor, { action: "webhook_delivery.redeliver", entityType: "webhook_delivery", entityId: row.id, details: { clientId: row.clientId, generation: row.generation } }, ctx.now);
    return { deliveryId: row.id, generation: row.generation };
  });
}
