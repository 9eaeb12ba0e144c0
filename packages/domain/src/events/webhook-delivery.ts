import { eq, sql } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";

/** What the sender needs for one delivery: where, the secret, the Standard Webhooks message id (the
 *  event's id, so a receiver dedupes redeliveries) and the JSON body. Null: nothing to send (delivered
 *  already, the endpoint disabled, or a stale generation after a redelivery was asked). */
export interface PreparedDelivery { url: string; secret: string; messageId: string; body: string }

export async function prepareWebhookDelivery(ctx: DomainContext, input: { deliveryId: string; generation: number }): Promise<PreparedDelivery | null> {
  const [row] = await ctx.db.select({ d: schema.webhookDeliveries, e: schema.webhookEndpoints, o: schema.outboxEvents }).from(schema.webhookDeliveries)
    .innerJoin(schema.webhookEndpoints, eq(schema.webhookEndpoints.id, schema.webhookDeliveries.endpointId))
    .innerJoin(schema.outboxEvents, eq(schema.outboxEvents.eventId, schema.webhookDeliveries.eventId))
    .where(eq(schema.webhookDeliveries.id, input.deliveryId));
  if (!row || row.d.status === "delivered" || !row.e.active || row.d.generation !== input.generation) return null;
  const body = JSON.stringify({ type: row.o.type, timestamp: row.o.occurredAt.toISOString(), data: row.o.payload });
  return { url: row.e.url, secret: row.e.secret, messageId: row.o.eventId, body };
}

/** One attempt's result: delivered, or the error code; `final` when the retries are spent. */
export async function recordWebhookAttempt(ctx: DomainContext, input: { deliveryId: string; generation: number; ok: boolean; statusCode?: number; error?: string; final: boolean }): Promise<void> {
  const d = schema.webhookDeliveries;
  await ctx.db.update(d).set({
    attempts: sql`${d.attempts} + 1`,
    lastAttemptAt: ctx.now,
    lastStatusCode: input.statusCode ?? null,
    lastError: input.ok ? null : (input.error ?? "failed").slice(0, 100),
    ...(input.ok ? { status: "delivered" as const, deliveredAt: ctx.now } : input.final ? { status: "failed" as const } : {}),
  }).where(sql`${d.id} = ${input.deliveryId} and ${d.generation} = ${input.generation}`);
}
