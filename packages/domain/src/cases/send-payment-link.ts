import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "./case-access";
import { sendMessage } from "./send-message";

export const SendPaymentLink = z.object({ caseId: z.uuid(), contactPointId: z.uuid("choose_debtor_phone") });
export type SendPaymentLink = z.infer<typeof SendPaymentLink>;

/** The payment-link template of a rule set (seeded: us_payment_link_sms/_email, cn_payment_link_sms). */
export const paymentLinkTemplateCode = (ruleSet: string, channel: "sms" | "email") => `${ruleSet === "CN-CBA" ? "cn" : "us"}_payment_link_${channel}`;

/**
 * The agent's "Send payment link" (issue 17): an SMS to one of the debtor's phones or an email to one of
 * their addresses, carrying the contact's reference code and the portal's link ({{portalUrl}}), where the
 * debtor signs in with that code and pays. It is sendMessage with the payment-link template in the
 * debtor's language: the same gate (a refusal is a ComplianceRefusedError with its rules, its decision
 * stored), the same audit (`message.request`), the same worker dispatch.
 */
export async function sendPaymentLink(ctx: DomainContext, input: SendPaymentLink): Promise<{ stepId: string }> {
  const p = parseInput(SendPaymentLink, input);
  const c = await loadCaseForActor(ctx.db, ctx.actor, p.caseId, { work: true });
  const [cp] = await ctx.db.select().from(schema.contactPoints).where(and(eq(schema.contactPoints.id, p.contactPointId), eq(schema.contactPoints.personId, c.personId)));
  if (!cp || (cp.kind !== "phone" && cp.kind !== "email")) throw new ValidationError("contactPointId", "choose_debtor_phone");
  const channel = cp.kind === "phone" ? "sms" : "email";
  const [row] = await ctx.db.select({ ruleSet: schema.clients.ruleSet, language: schema.persons.preferredLanguage })
    .from(schema.cases).innerJoin(schema.clients, eq(schema.clients.id, schema.cases.clientId)).innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(eq(schema.cases.id, c.id));
  const code = paymentLinkTemplateCode(row!.ruleSet, channel);
  const ruleSets: Array<typeof schema.templates.$inferSelect["ruleSet"]> = row!.ruleSet === "US-FDCPA" || row!.ruleSet === "US-MA" ? ["US-FDCPA", "US-MA"] : [row!.ruleSet];
  const [tpl] = await ctx.db.select({ id: schema.templates.id }).from(schema.templates)
    .where(and(eq(schema.templates.code, code), eq(schema.templates.language, row!.language), eq(schema.templates.active, true), inArray(schema.templates.ruleSet, ruleSets)))
    .orderBy(desc(schema.templates.version)).limit(1);
  if (!tpl) throw new NotFoundError("template", code);
  return sendMessage(ctx, { caseId: c.id, contactPointId: cp.id, templateId: tpl.id });
}
