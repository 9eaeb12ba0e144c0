import { and, eq, inArray, notInArray } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ComplianceRefusedError, NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "./case-access";
import { CLOSED_ACCOUNT_STATUSES } from "./account-status";
import { previewContact } from "../outreach/gate/preview-contact";
import { storeDecision } from "../outreach/gate/store-decision";

export const SendMessage = z.object({ caseId: z.uuid(), contactPointId: z.uuid(), templateId: z.uuid() });
export type SendMessage = z.infer<typeof SendMessage>;

/** Templates an agent may send to the debtor on this case: the client's rule set, the debtor's language. */
export async function listMessageTemplates(ctx: DomainContext, caseId: string) {
  const c = await loadCaseForActor(ctx.db, ctx.actor, caseId);
  const [row] = await ctx.db.select({ ruleSet: schema.clients.ruleSet, language: schema.persons.preferredLanguage })
    .from(schema.cases).innerJoin(schema.clients, eq(schema.clients.id, schema.cases.clientId)).innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(eq(schema.cases.id, c.id));
  if (!row) return [];
  const ruleSets = row.ruleSet === "US-FDCPA" ? ["US-FDCPA", "US-MA"] as const : [row.ruleSet];
  return ctx.db.select({ id: schema.templates.id, code: schema.templates.code, channel: schema.templates.channel, language: schema.templates.language, subject: schema.templates.subject })
    .from(schema.templates)
    .where(and(eq(schema.templates.active, true), inArray(schema.templates.channel, ["sms", "email"]), eq(schema.templates.language, row.language),
      inArray(schema.templates.ruleSet, [...ruleSets]), notInArray(schema.templates.discloses, ["location_only"])))
    .orderBy(schema.templates.code);
}

/**
 * An SMS or email from a template. The preview answers at once (a refusal shows its rules and stores only
 * the decision); an allowed message becomes an outreach step due now and a dispatch job, and the worker's
 * dispatch passes it through THE gate (gateContact), which claims the ledger row before sending, so an
 * agent's message and the cadence's are counted, checked and sent the same way, exactly once.
 */
export async function sendMessage(ctx: DomainContext, input: SendMessage): Promise<{ stepId: string }> {
  const p = parseInput(SendMessage, input);
  const c = await loadCaseForActor(ctx.db, ctx.actor, p.caseId, { work: true });
  const [tpl] = await ctx.db.select().from(schema.templates).where(eq(schema.templates.id, p.templateId));
  if (!tpl || (tpl.channel !== "sms" && tpl.channel !== "email")) throw new NotFoundError("template", p.templateId);
  const [cp] = await ctx.db.select().from(schema.contactPoints).where(and(eq(schema.contactPoints.id, p.contactPointId), eq(schema.contactPoints.personId, c.personId)));
  if (!cp || cp.kind !== (tpl.channel === "sms" ? "phone" : "email")) throw new ValidationError("contactPointId", tpl.channel === "sms" ? "choose_debtor_phone" : "choose_debtor_email");
  const content = { disclosesDebt: tpl.discloses === "debt", hasOptOut: tpl.hasOptOut, limitedContent: tpl.discloses === "limited_content", identifiesCollector: tpl.identifiesCollector, postcard: tpl.postcard };
  const preview = await previewContact(ctx, { caseId: c.id, contactPointId: cp.id, channel: tpl.channel, purpose: tpl.purpose, content });
  if (preview.decision.decision !== "allow") {
    // Nothing is queued, but the refusal is kept with its input like every gate decision.
    const refused = preview.decision.decision;
    const decisionId = await ctx.db.transaction(async (tx) => {
      const id = await storeDecision(tx, {
        caseId: c.id, actorUserId: ctx.actor.kind === "user" ? ctx.actor.userId : null, request: preview.request, decision: preview.decision, evaluatedAt: ctx.now,
      });
      await writeAudit(tx, ctx.actor, {
        action: `contact.${refused}`, entityType: "compliance_decision", entityId: id, caseId: c.id, personId: c.personId,
        details: { channel: tpl.channel, purpose: tpl.purpose, rules: preview.decision.results.map((r) => r.rule), notBefore: preview.decision.notBefore },
      }, ctx.now);
      return id;
    });
    throw new ComplianceRefusedError({ decision: refused, notBefore: preview.decision.notBefore, results: preview.decision.results, decisionId });
  }
  const stepId = await ctx.db.transaction(async (tx) => {
    const accounts = await tx.select({ id: schema.accounts.id }).from(schema.accounts)
      .where(and(eq(schema.accounts.caseId, c.id), notInArray(schema.accounts.status, [...CLOSED_ACCOUNT_STATUSES])));
    const [step] = await tx.insert(schema.outreachSteps).values({
      caseId: c.id, personId: c.personId, partyPersonId: c.personId, partyRole: "consumer", contactPointId: cp.id,
      accountIds: accounts.map((a) => a.id), kind: "agent", channel: tpl.channel, templateCode: tpl.code, purpose: tpl.purpose, dueAt: ctx.now, state: "planned",
    }).returning({ id: schema.outreachSteps.id });
    await writeAudit(tx, ctx.actor, { action: "message.request", entityType: "outreach_step", entityId: step!.id, caseId: c.id, personId: c.personId, details: { channel: tpl.channel, templateCode: tpl.code } }, ctx.now);
    return step!.id;
  });
  // The step is committed first, so the message is not lost if Redis is away: the next sweep picks it up.
  // The enqueue's error still reaches the caller (bounded by the queue's timeout), never swallowed.
  await ctx.enqueue.dispatchSteps([{ channel: tpl.channel, stepId, version: 0 }]);
  return { stepId };
}
