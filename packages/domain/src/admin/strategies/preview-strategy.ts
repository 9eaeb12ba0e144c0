import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { HistoryEntry } from "@casebook/compliance";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { NotFoundError, ValidationError } from "../../errors";
import { parseInput } from "../../parse-input";
import { isClosedAccountStatus } from "../../cases/account-status";
import { buildCheckRequest } from "../../outreach/gate/build-check-request";
import { evaluateCheck, resolveZones } from "../../outreach/gate/evaluate-check";
import { historyOutcome } from "../../outreach/gate/ledger-window";
import { chooseContactPoint, contentOf, findTemplate } from "../../outreach/delivery/compose-message";
import { cadenceOccurrences, stageOfCase } from "../../outreach/schedule/cadence";
import { daysBetween, localDate } from "../../outreach/schedule/local-time";
import { requireAdmin } from "../require-admin";

export const PreviewStrategy = z.object({
  strategyId: z.uuid(),
  caseId: z.uuid(),
  limit: z.number().int().min(1).max(50).default(12),
});
export type PreviewStrategy = z.input<typeof PreviewStrategy>;

export interface PreviewStep {
  stage: string;
  stepOrdinal: number;
  occurrence: number;
  dueAt: Date;
  channel: string;
  partyRole: string;
  templateCode: string;
  /** The gate's answer at the step's time: allow / defer / block; "no_template" / "no_contact_point" when dispatch would fail before asking. */
  decision: "allow" | "defer" | "block" | "no_template" | "no_contact_point";
  notBefore: string | null;
  rules: Array<{ rule: string; outcome: "defer" | "block" }>;
}

/** Relationship → the party roles a step addresses (as the planner chooses them). */
const PARTY_RELATIONSHIP: Record<string, string> = { emergency_contact: "emergency_contact", third_party: "reference" };

/**
 * What a case would receive next under a strategy version (draft or published) and when, with the gate's
 * decision for each step: the planner's stage and offsets in the debtor's zone, then for each step the real
 * check request the gate would build at that instant (buildCheckRequest, with the contact point dispatch
 * would choose and the template's declarations), run through the real engine. Nothing is stored (no step,
 * decision or ledger row): the steps allowed earlier in the preview are added to the history of the later
 * ones in memory. The view of the case is audited, as every view of a person's data is.
 */
export async function previewStrategy(ctx: DomainContext, input: PreviewStrategy): Promise<{ steps: PreviewStep[]; stage: string | null; zone: string }> {
  requireAdmin(ctx.actor);
  const p = parseInput(PreviewStrategy, input);
  const [strategy] = await ctx.db.select().from(schema.strategies).where(eq(schema.strategies.id, p.strategyId));
  if (!strategy) throw new NotFoundError("strategy", p.strategyId);
  const c = await ctx.db.query.cases.findFirst({ where: eq(schema.cases.id, p.caseId) });
  if (!c) throw new NotFoundError("case", p.caseId);
  const debtor = (await ctx.db.query.persons.findFirst({ where: eq(schema.persons.id, c.personId) }))!;
  const accounts = (await ctx.db.select().from(schema.accounts).where(eq(schema.accounts.caseId, c.id))).filter((a) => !isClosedAccountStatus(a.status));
  if (accounts.length === 0) throw new ValidationError("caseId", "no_open_account");

  await writeAudit(ctx.db, ctx.actor, { action: "strategy.preview", entityType: "case", entityId: c.id, caseId: c.id, personId: c.personId, details: { strategyId: strategy.id, version: strategy.version } }, ctx.now);

  const stages = await ctx.db.select().from(schema.strategyStages).where(eq(schema.strategyStages.strategyId, strategy.id)).orderBy(asc(schema.strategyStages.ordinal));
  const zone = resolveZones({
    id: debtor.id, country: debtor.country,
    ...(debtor.timeZones.length ? { timeZones: debtor.timeZones } : {}),
    ...(debtor.region || debtor.postalCode ? { locations: [{ type: "address" as const, ...(debtor.region ? { region: debtor.region } : {}), ...(debtor.postalCode ? { postalCode: debtor.postalCode } : {}) }] } : {}),
  })[0]!;
  const today = localDate(ctx.now, zone);
  const dueDate = accounts.map((a) => a.dueDate).sort()[0]!;
  const at = stageOfCase(stages, { stage: c.stage, enteredOn: c.stageEnteredAt ? localDate(c.stageEnteredAt, zone) : null }, dueDate, today, daysBetween(dueDate, today));
  if (!at) return { steps: [], stage: null, zone };

  const steps = await ctx.db.select().from(schema.strategySteps).where(eq(schema.strategySteps.stageId, at.stage.id)).orderBy(asc(schema.strategySteps.ordinal));
  const related = steps.some((x) => x.partyRole !== "consumer")
    ? await ctx.db.select({ personId: schema.relatedParties.personId, relationship: schema.relatedParties.relationship, language: schema.persons.preferredLanguage })
      .from(schema.relatedParties).innerJoin(schema.persons, eq(schema.persons.id, schema.relatedParties.personId))
      .where(and(eq(schema.relatedParties.debtorPersonId, c.personId), isNull(schema.relatedParties.refusedAt)))
    : [];
  const planned = steps.flatMap((step) => {
    const parties = step.partyRole === "consumer"
      ? [{ personId: debtor.id, language: debtor.preferredLanguage }]
      : related.filter((r) => r.relationship === PARTY_RELATIONSHIP[step.partyRole]);
    return cadenceOccurrences(step, at.reference, zone, ctx.now).flatMap((o) => parties.map((party) => ({ step, o, party })));
  }).sort((a, b) => a.o.dueAt.getTime() - b.o.dueAt.getTime()).slice(0, p.limit);

  const simulated: HistoryEntry[] = [];
  const out: PreviewStep[] = [];
  for (const { step, o, party } of planned) {
    const base = { stage: at.stage.kind, stepOrdinal: step.ordinal, occurrence: o.n, dueAt: o.dueAt, channel: step.channel, partyRole: step.partyRole, templateCode: step.templateCode, notBefore: null, rules: [] };
    const template = await findTemplate(ctx.db, step.templateCode, party.language);
    if (!template) { out.push({ ...base, decision: "no_template" }); continue; }
    const point = await chooseContactPoint(ctx.db, { personId: party.personId, channel: step.channel, contactPointId: null });
    if (!point) { out.push({ ...base, decision: "no_contact_point" }); continue; }
    const when = new Date(Math.max(o.dueAt.getTime(), ctx.now.getTime()));
    const check = await buildCheckRequest(ctx.db, {
      caseId: c.id, partyPersonId: party.personId, contactPointId: point.id, channel: step.channel, purpose: step.purpose,
      content: contentOf(template), autodialed: step.autodialed, now: when,
    });
    check.request.history.push(...simulated);
    const decision = evaluateCheck(check.request, check.policy);
    if (decision.decision === "allow") {
      simulated.push({ at: when.toISOString(), channel: step.channel as HistoryEntry["channel"], direction: "outbound", party: { role: check.partyRole, id: party.personId, address: point.value }, debtIds: check.request.debtIds, outcome: historyOutcome(step.channel as HistoryEntry["channel"], null, check.partyRole) });
    }
    out.push({ ...base, decision: decision.decision, notBefore: decision.notBefore, rules: decision.results.map((r) => ({ rule: r.rule, outcome: r.outcome })) });
  }
  return { steps: out, stage: at.stage.kind, zone };
}

/** A few open cases a preview can be run on: those of the strategy's rule set (and client, if it has one). */
export async function listStrategyPreviewCases(ctx: DomainContext, strategyId: string): Promise<Array<{ id: string; stage: string | null }>> {
  requireAdmin(ctx.actor);
  const [strategy] = await ctx.db.select().from(schema.strategies).where(eq(schema.strategies.id, strategyId));
  if (!strategy) throw new NotFoundError("strategy", strategyId);
  const clients = await ctx.db.select({ id: schema.clients.id }).from(schema.clients)
    .where(and(eq(schema.clients.ruleSet, strategy.ruleSet), strategy.clientId ? eq(schema.clients.id, strategy.clientId) : undefined));
  if (clients.length === 0) return [];
  return ctx.db.select({ id: schema.cases.id, stage: schema.cases.stage }).from(schema.cases)
    .where(and(eq(schema.cases.status, "open"), inArray(schema.cases.clientId, clients.map((x) => x.id)))).orderBy(asc(schema.cases.id)).limit(20);
}
