import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { requireAdmin } from "../admin/require-admin";

export const WEBHOOK_EVENT_TYPES = [
  "account.status_changed", "payment.posted", "payment.reversed", "dispute.opened", "dispute.status_changed", "hold.placed", "hold.released", "case.legal_escalated",
] as const;

export const CreateWebhookEndpoint = z.object({
  clientId: z.uuid(),
  url: z.url({ protocol: /^https?$/, error: "url_invalid" }).max(2000),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).default([]),
});
export type CreateWebhookEndpoint = z.input<typeof CreateWebhookEndpoint>;

/** An endpoint of a client's systems; its signing secret (Standard Webhooks `whsec_`) is returned once. */
export async function createWebhookEndpoint(ctx: DomainContext, input: CreateWebhookEndpoint): Promise<{ endpointId: string; secret: string }> {
  const actor = requireAdmin(ctx.actor);
  const p = parseInput(CreateWebhookEndpoint, input);
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  return ctx.db.transaction(async (tx) => {
    const [client] = await tx.select({ id: schema.clients.id }).from(schema.clients).where(and(eq(schema.clients.id, p.clientId), eq(schema.clients.active, true)));
    if (!client) throw new NotFoundError("client", p.clientId);
    const [row] = await tx.insert(schema.webhookEndpoints).values({ clientId: p.clientId, url: p.url, secret, eventTypes: p.eventTypes, createdBy: actor.userId, createdAt: ctx.now })
      .returning({ id: schema.webhookEndpoints.id });
    await writeAudit(tx, ctx.actor, { action: "webhook_endpoint.create", entityType: "webhook_endpoint", entityId: row!.id, details: { clientId: p.clientId, eventTypes: p.eventTypes } }, ctx.now);
    return { endpointId: row!.id, secret };
  });
}
