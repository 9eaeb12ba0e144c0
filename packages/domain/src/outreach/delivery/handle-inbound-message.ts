import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { cancelSteps } from "../steps/step-lifecycle";
import { newReferenceCode } from "../gate/reference-code";

export const HandleInboundMessage = z.object({
  provider: z.string().min(1).max(50).default("provider"),
  eventKey: z.string().min(1).max(300),
  providerMessageId: z.string().min(1).max(200),
  channel: z.literal("sms").default("sms"),
  from: z.string().min(3).max(50),
  to: z.string().max(50).optional(),
  text: z.string().max(1600),
  at: z.iso.datetime(),
});
export type HandleInboundMessage = z.input<typeof HandleInboundMessage>;

// US-REGF-EOPTOUT wants a simple opt-out: the carrier keywords and 退订 / TD for Chinese numbers.
const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT-OUT", "退订", "TD", "T", "退"]);

export function isStopRequest(text: string): boolean {
  const normalized = text.trim().replace(/[\s.!。！,，]+$/u, "").toUpperCase();
  return STOP_WORDS.has(normalized);
}

export interface HandleInboundMessageResult {
  duplicate: boolean;
  action: "opt_out" | "none";
  personIds: string[];
}

/** An inbound SMS: stored, put in the ledger, and a STOP / 退订 opts the number out at once and plans its
 *  single confirmation message. */
export async function handleInboundMessage(ctx: DomainContext, rawInput: HandleInboundMessage): Promise<HandleInboundMessageResult> {
  const input = parseInput(HandleInboundMessage, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [event] = await tx
      .insert(s.webhookEvents)
      .values({ provider: input.provider, eventKey: input.eventKey, kind: "inbound", payload: { providerMessageId: input.providerMessageId, at: input.at }, processedAt: ctx.now })
      .onConflictDoNothing({ target: s.webhookEvents.eventKey })
      .returning({ id: s.webhookEvents.id });
    if (!event) return { duplicate: true, action: "none", personIds: [] };

    const points = await tx
      .select()
      .from(s.contactPoints)
      .where(and(eq(s.contactPoints.kind, "phone"), eq(s.contactPoints.value, input.from)));
    const stop = isStopRequest(input.text);
    const action = stop ? "opt_out" : "none";
    const at = new Date(input.at);
    const first = points[0];
    const [message] = await tx
      .insert(s.inboundMessages)
      .values({
        channel: "sms",
        providerMessageId: input.providerMessageId,
        fromAddress: input.from,
        toAddress: input.to ?? null,
        body: input.text,
        receivedAt: at,
        personId: first?.personId ?? null,
        contactPointId: first?.id ?? null,
        action,
      })
      .onConflictDoNothing({ target: s.inboundMessages.providerMessageId })
      .returning({ id: s.inboundMessages.id });
    if (!message) return { duplicate: true, action: "none", personIds: [] };

    const personIds = [...new Set(points.map((p) => p.personId))];
    for (const point of points) {
      let newOptOut = false;
      if (stop) {
        const existing = await tx.query.optOuts.findFirst({
          where: and(eq(s.optOuts.personId, point.personId), eq(s.optOuts.channel, "sms"), eq(s.optOuts.contactPointId, point.id), isNull(s.optOuts.revokedAt)),
        });
        newOptOut = !existing;
        if (!existing) await tx.insert(s.optOuts).values({ personId: point.personId, channel: "sms", contactPointId: point.id, source: "sms_reply" });
        // Planned SMS to this number would only be blocked at the gate: cancel them now.
        await cancelSteps(tx, and(eq(s.outreachSteps.partyPersonId, point.personId), eq(s.outreachSteps.channel, "sms")), { reason: "opted_out", now: ctx.now });
      }
      // The ledger holds inbound contacts too (DOMAIN.md): on the person's latest open case.
      const openCase = await tx.query.cases.findFirst({
        where: and(eq(s.cases.status, "open"), eq(s.cases.personId, point.personId)),
        orderBy: desc(s.cases.openedAt),
      });
      if (openCase) {
        const accounts = await tx.select({ id: s.accounts.id }).from(s.accounts).where(eq(s.accounts.caseId, openCase.id));
        await tx.insert(s.contactAttempts).values({
          referenceCode: newReferenceCode(),
          caseId: openCase.id,
          personId: point.personId,
          partyPersonId: point.personId,
          partyRole: "consumer",
          contactPointId: point.id,
          address: point.value,
          channel: "sms",
          direction: "inbound",
          purpose: stop ? "opt_out_confirmation" : "collection",
          accountIds: accounts.map((a) => a.id),
          startedAt: at,
        });
        if (newOptOut) {
          // The one message allowed after an opt-out is its confirmation (US-REGF-MEDIUM), sent once, through
          // the gate like any other step: the sweep picks it up (CN-TIME / US-REGF-TIME still apply).
          const [client] = await tx.select({ ruleSet: s.clients.ruleSet }).from(s.clients).where(eq(s.clients.id, openCase.clientId));
          await tx.insert(s.outreachSteps).values({
            caseId: openCase.id, personId: point.personId, partyPersonId: point.personId, partyRole: "consumer", contactPointId: point.id,
            accountIds: accounts.map((a) => a.id), kind: "opt_out_confirmation", channel: "sms", purpose: "opt_out_confirmation",
            templateCode: client?.ruleSet === "CN-CBA" ? "cn_opt_out_confirmation_sms" : "us_opt_out_confirmation_sms", dueAt: ctx.now,
          });
        }
      }
      await writeAudit(tx, ctx.actor, {
        action: stop ? "opt_out.sms_reply" : "inbound.sms",
        entityType: "inbound_message",
        entityId: message.id,
        personId: point.personId,
        caseId: openCase?.id ?? null,
        details: { contactPointId: point.id, action },
      }, ctx.now);
    }
    if (points.length === 0) {
      await writeAudit(tx, ctx.actor, { action: "inbound.sms_unmatched", entityType: "inbound_message", entityId: message.id, details: { action } }, ctx.now);
    }
    return { duplicate: false, action, personIds };
  });
}
