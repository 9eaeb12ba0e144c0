import { sql } from "drizzle-orm";
import { insertRows, schema as s, type Tx } from "@casebook/db";
import type { CheckDecision } from "@casebook/compliance";
import type { DomainContext } from "../../context";
import { ForbiddenError, type RefusedDecision } from "../../errors";
import { writeAudits, type AuditEntry } from "../../audit";
import { lockRows } from "../../locks/lock-rows";
import { pgArray, uuidArray } from "../../cases/sql-values";
import { blockSteps, claimSteps, deferSteps } from "../steps/step-lifecycle";
import { assembleCheckRequest, type CheckContext } from "./build-check-request";
import { evaluateCheck } from "./evaluate-check";
import { assertCanContact, attemptRow, claimAudit, refusalAudit, type ClaimedAttempt, type GateContact } from "./gate-contact";
import type { GateFacts } from "./gate-facts";
import { newReferenceCode } from "./reference-code";
import { decisionRow } from "./store-decision";

/** One due step of a dispatch batch, as the gate sees it. */
export interface StepGateItem {
  stepId: string;
  /** The step's version (deferrals) read under its lock: the claim key. */
  stepVersion: number;
  input: Omit<GateContact, "outreachStepId">;
  /** The message once its reference code is known (stored in the ledger row); may throw. */
  render: (referenceCode: string) => { subject: string | null; body: string | null };
}

export type StepGateResult =
  | { outcome: "allow"; decisionId: string; attempt: ClaimedAttempt; decision: CheckDecision }
  | { outcome: "defer" | "block"; decisionId: string; refusal: RefusedDecision; decision: CheckDecision }
  /** Its step version was claimed already: never twice. */
  | { outcome: "skipped"; state: string }
  /** The template could not be rendered: nothing was stored for this step. */
  | { outcome: "render_error"; message: string }
  /** Its request could not be built (a party not related, no open account...): nothing stored for it. */
  | { outcome: "error"; error: unknown };

interface Allowed {
  item: StepGateItem;
  context: CheckContext;
  decisionId: string;
  decision: CheckDecision;
  row: typeof s.contactAttempts.$inferInsert & { id: string; dispatchId: string; referenceCode: string };
}

/**
 * THE gate for a set of due steps (issue 15), inside the caller's transaction: the same decision, claim
 * and record as `gateContactInTx` for each step, with every fact read once for the whole set (`facts`)
 * and every write made in one statement per table. The engine runs in memory step by step, in the
 * items' order; a claim the batch decides is appended to the facts' ledger before the next decision, so
 * five calls of one person in one batch are counted as five calls (a cap of 3 lets 3 through).
 *
 * The caller has read `facts` after locking the steps' persons, cases and steps in the one order
 * (locks/lock-rows.ts); the locks are asked for again here (free when held) so no path can forget them.
 * A step whose request cannot be built or rendered gets no decision and is reported alone.
 */
export async function gateStepsInTx(tx: Tx, ctx: Pick<DomainContext, "actor" | "now" | "ids">, items: readonly StepGateItem[], facts: GateFacts): Promise<Map<string, StepGateResult>> {
  const { actor, now } = ctx;
  const results = new Map<string, StepGateResult>();
  if (items.length === 0) return results;
  const debtors = items.map((i) => facts.cases.get(i.input.caseId)?.caseRow.personId).filter((id): id is string => id !== undefined);
  await lockRows(tx, { persons: [...debtors, ...items.flatMap((i) => (i.input.partyPersonId ? [i.input.partyPersonId] : []))], cases: items.map((i) => i.input.caseId), steps: items.map((i) => i.stepId) });

  const agentUserId = actor.kind === "user" ? actor.userId : null;
  const decisions: Array<typeof s.complianceDecisions.$inferInsert> = [];
  const allowed: Allowed[] = [];
  const defers: Array<{ stepId: string; until: Date; decisionId: string }> = [];
  const blocks: Array<{ stepId: string; decisionId: string }> = [];
  const audits: AuditEntry[] = [];

  for (const item of items) {
    const input = { ...item.input, outreachStepId: item.stepId };
    let context: CheckContext;
    try {
      const found = facts.cases.get(input.caseId);
      if (!found) throw new ForbiddenError("case_not_yours");
      assertCanContact(actor, found.caseRow);
      context = assembleCheckRequest(facts, { ...input, now });
    } catch (error) {
      results.set(item.stepId, { outcome: "error", error });
      continue;
    }
    const decision = evaluateCheck(context.request, context.policy);
    const decisionId = ctx.ids();
    if (decision.decision === "allow") {
      const referenceCode = newReferenceCode();
      let rendered: { subject: string | null; body: string | null };
      try {
        rendered = item.render(referenceCode);
      } catch (err) {
        // As in the single gate, whose transaction rolls back: no decision stored, the step fails alone.
        results.set(item.stepId, { outcome: "render_error", message: (err as Error).message });
        continue;
      }
      const id = ctx.ids();
      const dispatchId = ctx.ids();
      const row = { ...attemptRow({ id, dispatchId, referenceCode, decisionId, context, input, stepVersion: item.stepVersion, agentUserId, rendered, now }), id, dispatchId, referenceCode };
      allowed.push({ item, context, decisionId, decision, row });
      // The next decision of this batch sees this claim as it would see it committed: an attempt
      // without an outcome yet.
      facts.ledger.push({
        started_at: now, channel: input.channel, direction: "outbound", party_role: context.partyRole, person_id: context.debtor.id,
        party_person_id: context.partyPersonId, address: context.contactPoint?.value ?? null, account_ids: context.request.debtIds, outcome: null,
      });
    } else {
      // A defer without an instant cannot be rescheduled: treat it as a block (fail closed).
      const kind = decision.decision === "defer" && decision.notBefore ? "defer" : "block";
      if (kind === "defer") defers.push({ stepId: item.stepId, until: new Date(decision.notBefore!), decisionId });
      else blocks.push({ stepId: item.stepId, decisionId });
      audits.push(refusalAudit({ kind, decisionId, decision, context, input }));
      results.set(item.stepId, {
        outcome: kind, decisionId, decision,
        refusal: { decision: kind, notBefore: kind === "defer" ? decision.notBefore : null, results: decision.results, decisionId },
      });
    }
    decisions.push(decisionRow({ id: decisionId, caseId: input.caseId, outreachStepId: item.stepId, actorUserId: agentUserId, request: context.request, decision, evaluatedAt: now }));
  }

  await insertRows(tx, s.complianceDecisions, decisions);
  const claimed = await insertClaims(tx, allowed, results);
  await claimSteps(tx, claimed.map((a) => ({ stepId: a.item.stepId, dispatchId: a.row.dispatchId, decisionId: a.decisionId, contactPointId: a.context.contactPoint?.id ?? null })), { now });
  await deferSteps(tx, defers, { reason: "compliance_deferred", now });
  await blockSteps(tx, blocks, { reason: "compliance_blocked", now });
  if (claimed.length > 0) {
    await tx.execute(sql`update cases set last_contact_at = ${now.toISOString()}::timestamptz where id = any(${uuidArray([...new Set(claimed.map((a) => a.item.input.caseId))])}::uuid[])`);
  }
  for (const a of claimed) {
    audits.push(claimAudit({ attemptId: a.row.id, decisionId: a.decisionId, dispatchId: a.row.dispatchId, context: a.context, input: { ...a.item.input, outreachStepId: a.item.stepId } }));
    results.set(a.item.stepId, {
      outcome: "allow", decisionId: a.decisionId, decision: a.decision,
      attempt: { id: a.row.id, dispatchId: a.row.dispatchId, referenceCode: a.row.referenceCode, address: a.row.address ?? null, renderedSubject: a.row.renderedSubject ?? null, renderedBody: a.row.renderedBody ?? null },
    });
  }
  await writeAudits(tx, actor, audits, now);
  return results;
}

/**
 * The claims' ledger rows in one statement. A row the unique keys refuse is either a step version
 * claimed already (skipped: never twice) or a reference-code clash (drawn again, re-rendered, retried).
 */
async function insertClaims(tx: Tx, allowed: Allowed[], results: Map<string, StepGateResult>): Promise<Allowed[]> {
  const done: Allowed[] = [];
  let pending = allowed;
  for (let round = 0; round < 5 && pending.length > 0; round++) {
    const inserted = await insertRows(tx, s.contactAttempts, pending.map((a) => a.row), { onConflictDoNothing: true, returning: ["id"] });
    const ok = new Set(inserted.map((r) => r.id));
    done.push(...pending.filter((a) => ok.has(a.row.id)));
    const refused = pending.filter((a) => !ok.has(a.row.id));
    pending = [];
    if (refused.length === 0) break;
    const taken = await tx.execute<{ step: string; version: number }>(sql`
      select outreach_step_id as step, outreach_step_version as version from contact_attempts
       where outreach_step_id = any(${pgArray(refused.map((a) => a.item.stepId))}::uuid[])`);
    const claimedKeys = new Set([...taken].map((r) => `${r.step}:${r.version}`));
    for (const a of refused) {
      if (claimedKeys.has(`${a.item.stepId}:${a.item.stepVersion}`)) {
        results.set(a.item.stepId, { outcome: "skipped", state: "claimed" });
        continue;
      }
      const referenceCode = newReferenceCode();
      const rendered = a.item.render(referenceCode);
      pending.push({ ...a, row: { ...a.row, referenceCode, renderedSubject: rendered.subject, renderedBody: rendered.body } });
    }
  }
  if (pending.length > 0) throw new Error("could not allocate a unique reference code");
  return done;
}
