import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema as s, type Tx } from "@casebook/db";
import type { Actor, DomainContext } from "../../context";
import { ComplianceRefusedError, ForbiddenError, type RefusedDecision } from "../../errors";
import { parseInput } from "../../parse-input";
import { writeAudit, type AuditEntry } from "../../audit";
import { inTeam, isTeamBound } from "../../cases/case-access";
import { BuildCheckRequest, buildCheckRequest, type CheckContext } from "./build-check-request";
import type { CheckDecision } from "@casebook/compliance";
import { evaluateCheck } from "./evaluate-check";
import { lockRows } from "../../locks/lock-rows";
import { newReferenceCode } from "./reference-code";
import { storeDecision } from "./store-decision";
import { blockStep, claimStep, deferStep, isDue } from "../steps/step-lifecycle";

export const GateContact = BuildCheckRequest.omit({ now: true }).extend({
  /** A worker step: the gate moves it (claimed / deferred to notBefore / blocked) in the same transaction. */
  outreachStepId: z.uuid().optional(),
  templateId: z.uuid().optional(),
});
export type GateContact = z.infer<typeof GateContact>;

export interface GateOptions {
  /** Renders the message once the reference code is known; stored in the (append-only) ledger row. */
  render?: (input: { referenceCode: string; context: CheckContext }) => { subject?: string | null; body?: string | null };
}

export interface ClaimedAttempt {
  id: string;
  /** The provider's idempotency key: the same dispatch id never produces a second message. */
  dispatchId: string;
  /** Printed in the message; the debtor can check the contact is genuine with it. */
  referenceCode: string;
  address: string | null;
  renderedSubject: string | null;
  renderedBody: string | null;
}

export type GateContactResult =
  | { outcome: "allow"; decisionId: string; attempt: ClaimedAttempt; decision: CheckDecision }
  | { outcome: "defer" | "block"; decisionId: string; refusal: RefusedDecision; decision: CheckDecision }
  /** Only with `outreachStepId`: the step was no longer planned/deferred (already claimed, cancelled...). */
  | { outcome: "skipped"; state: string };

export function assertCanContact(actor: Actor, caseRow: { teamId: string }): void {
  if (isTeamBound(actor) && !inTeam(actor, caseRow.teamId)) throw new ForbiddenError();
  if (actor.kind === "debtor") throw new ForbiddenError();
}

/**
 * THE gate (issue 4). In one transaction: lock the debtor (and the contacted party), read the ledger
 * window, ask the engine, store the decision with its exact input, and on `allow` claim the attempt:
 * a ledger row with a fresh dispatch id and reference code, written before anything is sent.
 *
 * A refusal is returned, not thrown, because the stored decision must commit with it (a throw would
 * roll it back). The console uses `gateContactOrThrow`, which throws `ComplianceRefusedError` after
 * the commit. A refused contact leaves nothing in the ledger except the stored decision.
 */
export async function gateContact(ctx: DomainContext, rawInput: GateContact, options: GateOptions = {}): Promise<GateContactResult> {
  const input = parseInput(GateContact, rawInput);
  return ctx.db.transaction((tx) => gateContactInTx(tx, ctx, input, options));
}

export async function gateContactOrThrow(ctx: DomainContext, rawInput: GateContact, options: GateOptions = {}): Promise<Extract<GateContactResult, { outcome: "allow" }>> {
  const result = await gateContact(ctx, rawInput, options);
  if (result.outcome === "allow") return result;
  if (result.outcome === "skipped") throw new ComplianceRefusedError({ decision: "block", notBefore: null, results: [{ rule: "STEP-STATE", outcome: "block", reason: `The step is ${result.state}.` }], decisionId: "" });
  throw new ComplianceRefusedError(result.refusal);
}

export async function gateContactInTx(tx: Tx, ctx: Pick<DomainContext, "actor" | "now" | "ids">, input: GateContact, options: GateOptions = {}): Promise<GateContactResult> {
  const { actor, now } = ctx;
  const caseRow = (await tx.query.cases.findFirst({ where: eq(s.cases.id, input.caseId), columns: { id: true, personId: true, teamId: true } }));
  if (!caseRow) throw new ForbiddenError("case_not_yours");
  assertCanContact(actor, caseRow);
  // person(s) → case → step (locks/lock-rows.ts): the console's verbs take the same order, and the
  // case is taken here, not implicitly later by the `last_contact_at` update below.
  await lockRows(tx, { persons: [caseRow.personId, input.partyPersonId ?? caseRow.personId], cases: [input.caseId], steps: input.outreachStepId ? [input.outreachStepId] : [] });

  let stepVersion: number | null = null;
  if (input.outreachStepId) {
    const [step] = await tx
      .select({ state: s.outreachSteps.state, deferrals: s.outreachSteps.deferrals, dueAt: s.outreachSteps.dueAt })
      .from(s.outreachSteps)
      .where(eq(s.outreachSteps.id, input.outreachStepId));
    if (!step) throw new ForbiddenError("step_not_found");
    if (step.state !== "planned" && step.state !== "deferred") return { outcome: "skipped", state: step.state };
    // Not yet due by this clock (a worker whose clock is behind the one that swept it): never early.
    if (!isDue(step.dueAt, now)) return { outcome: "skipped", state: "not_due" };
    stepVersion = step.deferrals;
  }

  const context = await buildCheckRequest(tx, { ...input, now });
  const decision = evaluateCheck(context.request, context.policy);
  const agentUserId = actor.kind === "user" ? actor.userId : null;

  const decisionId = await storeDecision(tx, {
    caseId: input.caseId, outreachStepId: input.outreachStepId ?? null, actorUserId: agentUserId, request: context.request, decision, evaluatedAt: now,
  });

  if (decision.decision !== "allow") {
    // A defer without an instant cannot be rescheduled: treat it as a block (fail closed).
    const kind = decision.decision === "defer" && decision.notBefore ? "defer" : "block";
    if (input.outreachStepId) {
      // The rules are in the stored decision; the step keeps a typed reason and the decision's id.
      if (kind === "defer") await deferStep(tx, input.outreachStepId, { until: new Date(decision.notBefore!), reason: "compliance_deferred", decisionId, now });
      else await blockStep(tx, input.outreachStepId, { reason: "compliance_blocked", decisionId, now });
    }
    await writeAudit(tx, actor, refusalAudit({ kind, decisionId, decision, context, input }), now);
    return {
      outcome: kind,
      decisionId,
      decision,
      refusal: { decision: kind, notBefore: kind === "defer" ? decision.notBefore : null, results: decision.results, decisionId },
    };
  }

  const dispatchId = ctx.ids();
  let attempt: ClaimedAttempt | undefined;
  for (let i = 0; i < 5 && !attempt; i++) {
    const referenceCode = newReferenceCode();
    const rendered = options.render?.({ referenceCode, context }) ?? {};
    const [row] = await tx
      .insert(s.contactAttempts)
      .values(attemptRow({ dispatchId, referenceCode, decisionId, context, input, stepVersion, agentUserId, rendered, now }))
      // Two unique keys can refuse the row: the reference code (a clash: draw another) and the step's
      // claim key (step, version): that step version is claimed already (issue 9 §1), never twice.
      .onConflictDoNothing()
      .returning({ id: s.contactAttempts.id, address: s.contactAttempts.address, renderedSubject: s.contactAttempts.renderedSubject, renderedBody: s.contactAttempts.renderedBody });
    if (row) attempt = { id: row.id, dispatchId, referenceCode, address: row.address, renderedSubject: row.renderedSubject, renderedBody: row.renderedBody };
    else if (input.outreachStepId && (await stepVersionClaimed(tx, input.outreachStepId, stepVersion!))) return { outcome: "skipped", state: "claimed" };
  }
  if (!attempt) throw new Error("could not allocate a unique reference code");

  if (input.outreachStepId) {
    await claimStep(tx, input.outreachStepId, { dispatchId, decisionId, contactPointId: context.contactPoint?.id ?? null, now });
  }
  await tx.update(s.cases).set({ lastContactAt: now }).where(eq(s.cases.id, input.caseId));
  await writeAudit(tx, actor, claimAudit({ attemptId: attempt.id, decisionId, dispatchId, context, input }), now);
  return { outcome: "allow", decisionId, attempt, decision };
}

/** The ledger row of a claim (the attempt), as the gate writes it before anything is sent. */
export function attemptRow(p: {
  id?: string; dispatchId: string; referenceCode: string; decisionId: string; context: CheckContext; input: GateContact; stepVersion: number | null;
  agentUserId: string | null; rendered: { subject?: string | null; body?: string | null }; now: Date;
}): typeof s.contactAttempts.$inferInsert {
  const { context, input } = p;
  return {
    ...(p.id ? { id: p.id } : {}),
    dispatchId: p.dispatchId,
    referenceCode: p.referenceCode,
    caseId: input.caseId,
    personId: context.debtor.id,
    partyPersonId: context.partyPersonId,
    partyRole: context.partyRole,
    contactPointId: context.contactPoint?.id ?? null,
    address: context.contactPoint?.value ?? null,
    channel: input.channel,
    direction: "outbound",
    purpose: input.purpose,
    accountIds: context.request.debtIds,
    autodialed: input.autodialed ?? false,
    decisionId: p.decisionId,
    outreachStepId: input.outreachStepId ?? null,
    outreachStepVersion: p.stepVersion,
    templateId: input.templateId ?? null,
    agentUserId: p.agentUserId,
    renderedSubject: p.rendered.subject ?? null,
    renderedBody: p.rendered.body ?? null,
    startedAt: p.now,
  };
}

/** The audit event of a claim. */
export function claimAudit(p: { attemptId: string; decisionId: string; dispatchId: string; context: CheckContext; input: GateContact }): AuditEntry {
  return {
    action: "contact.claim",
    entityType: "contact_attempt",
    entityId: p.attemptId,
    personId: p.context.debtor.id,
    caseId: p.input.caseId,
    details: { channel: p.input.channel, purpose: p.input.purpose, decisionId: p.decisionId, dispatchId: p.dispatchId, stepId: p.input.outreachStepId ?? null },
  };
}

/** The audit event of a refusal (the rules are named; the decision row holds the rest). */
export function refusalAudit(p: { kind: "defer" | "block"; decisionId: string; decision: CheckDecision; context: CheckContext; input: GateContact }): AuditEntry {
  return {
    action: `contact.${p.kind}`,
    entityType: "compliance_decision",
    entityId: p.decisionId,
    personId: p.context.debtor.id,
    caseId: p.input.caseId,
    details: { channel: p.input.channel, purpose: p.input.purpose, rules: p.decision.results.map((r) => r.rule), notBefore: p.decision.notBefore, stepId: p.input.outreachStepId ?? null },
  };
}

async function stepVersionClaimed(tx: Tx, stepId: string, version: number): Promise<boolean> {
  const [row] = await tx.select({ id: s.contactAttempts.id }).from(s.contactAttempts)
    .where(and(eq(s.contactAttempts.outreachStepId, stepId), eq(s.contactAttempts.outreachStepVersion, version)));
  return row !== undefined;
}
