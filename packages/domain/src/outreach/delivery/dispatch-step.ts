import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { schema as s, type DbOrTx } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { classifySendError, portChannelFor, type OutreachChannels, type PortSendResult } from "./channels-port";
import { buildPortMessage, chooseContactPoint, contentOf, findTemplate, renderMessage, templateVariablesFor, type MessageFacts } from "./compose-message";
import { gateContact } from "../gate/gate-contact";
import type { CheckDecision } from "../gate/check-contract";
import { recheckClaim } from "../gate/recheck-claim";
import { invalidateContactPointInTx } from "./invalidate-contact-point";
import { recordOutcomeInTx } from "./record-outcome";
import { readPolicyInForce } from "../../clients/policy-in-force";
import { lockRows } from "../../locks/lock-rows";

export const DispatchStep = z.object({ stepId: z.uuid() });
export type DispatchStep = z.infer<typeof DispatchStep>;

export type DispatchStepResult =
  | { status: "sent"; attemptId: string; dispatchId: string; providerMessageId: string }
  | { status: "deferred"; decisionId: string; notBefore: string | null; rules: string[] }
  | { status: "blocked"; decisionId: string | null; rules: string[] }
  | { status: "reconcile"; attemptId: string; dispatchId: string }
  | { status: "failed"; reason: string }
  | { status: "paused"; until: string }
  | { status: "skipped"; state: string };

/** A definite transient failure may be retried with the same dispatch id only this soon after the
 *  claim: later, the compliance decision it was made under is stale. */
export const RESEND_WINDOW_MS = 10 * 60_000;
const TRANSIENT_MARK = "transient:";

type Step = typeof s.outreachSteps.$inferSelect;

/** Thrown (after the facts are stored) so the worker retries the same dispatch id with backoff. */
export class RetryableDispatchError extends Error {
  override readonly name = "RetryableDispatchError";
  constructor(readonly code: string, readonly retryAfterMs?: number) {
    super(`transient channel error: ${code}`);
  }
}

/** The message's facts in two round trips (case + client + debtor joined; the accounts). */
async function loadFacts(db: DbOrTx, step: Step, now: Date): Promise<MessageFacts & { caseAccounts: Array<typeof s.accounts.$inferSelect> }> {
  const [row] = await db
    .select({ caseRow: s.cases, client: s.clients, debtor: s.persons })
    .from(s.cases)
    .innerJoin(s.clients, eq(s.cases.clientId, s.clients.id))
    .innerJoin(s.persons, eq(s.cases.personId, s.persons.id))
    .where(eq(s.cases.id, step.caseId));
  if (!row) throw new NotFoundError("case", step.caseId);
  const { caseRow, debtor } = row;
  // The callback number a message prints is the one of the client's policy in force when it is sent.
  const client = { ...row.client, policy: (await readPolicyInForce(db, row.client, now)).policy };
  const party = step.partyPersonId === debtor.id ? debtor : (await db.query.persons.findFirst({ where: eq(s.persons.id, step.partyPersonId) }))!;
  const caseAccounts = await db.select().from(s.accounts).where(eq(s.accounts.caseId, caseRow.id));
  const wanted = new Set(step.accountIds);
  const accounts = caseAccounts.filter((a) => wanted.has(a.id));
  const owner = caseRow.ownerUserId ? await db.query.users.findFirst({ where: eq(s.users.id, caseRow.ownerUserId), columns: { name: true, staffNumber: true } }) : undefined;
  // Automated messages name the agency's automated-notice desk as the collector (CN-ID needs a staff number).
  const collector = owner ?? { name: client.country === "CN" ? "智能提醒" : "Automated Notices", staffNumber: "AUTO-001" };
  return { caseRow, client, debtor, party, accounts: accounts.length ? accounts : caseAccounts, collector, caseAccounts };
}

/**
 * Dispatches one due step, exactly once (issue 4): claim via the gate (ledger row with a fresh
 * dispatch id, committed before anything is sent), send with the dispatch id as idempotency key,
 * append the outcome. A step whose dispatch id exists is never sent again by this verb: a claim
 * without a recorded outcome (a crash, a lost answer) goes to reconciliation instead.
 */
export async function dispatchStep(ctx: DomainContext, rawInput: DispatchStep, channels: OutreachChannels): Promise<DispatchStepResult> {
  const input = parseInput(DispatchStep, rawInput);
  const step = await ctx.db.query.outreachSteps.findFirst({ where: eq(s.outreachSteps.id, input.stepId) });
  if (!step) throw new NotFoundError("outreach_step", input.stepId);

  if (step.state === "claimed") {
    const recent = step.claimedAt !== null && ctx.now.getTime() - step.claimedAt.getTime() < RESEND_WINDOW_MS;
    if (step.lastError?.startsWith(TRANSIENT_MARK) && recent) return resendClaimed(ctx, step, channels);
    return markForReconciliation(ctx, step, "claim_without_outcome");
  }
  if (step.state !== "planned" && step.state !== "deferred") return { status: "skipped", state: step.state };

  const facts = await loadFacts(ctx.db, step, ctx.now);
  if ((step.channel === "call" || step.channel === "voicemail") && facts.caseRow.pausedUntil && facts.caseRow.pausedUntil > ctx.now) {
    const until = facts.caseRow.pausedUntil;
    await ctx.db
      .update(s.outreachSteps)
      .set({ state: "planned", dueAt: until, deferrals: sql`${s.outreachSteps.deferrals} + 1`, updatedAt: ctx.now })
      .where(and(eq(s.outreachSteps.id, step.id), inArray(s.outreachSteps.state, ["planned", "deferred"])));
    return { status: "paused", until: until.toISOString() };
  }
  const template = await findTemplate(ctx.db, step.templateCode, facts.party.preferredLanguage);
  const point = await chooseContactPoint(ctx.db, { personId: step.partyPersonId, channel: step.channel, contactPointId: step.contactPointId });
  const failure = !template ? "template_missing" : !point ? "no_contact_point" : null;
  if (failure || !template || !point) {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(s.outreachSteps)
        .set({ state: "failed", lastError: failure, finishedAt: ctx.now, updatedAt: ctx.now })
        .where(and(eq(s.outreachSteps.id, step.id), inArray(s.outreachSteps.state, ["planned", "deferred"])));
      await writeAudit(tx, ctx.actor, { action: "outreach.step_failed", entityType: "outreach_step", entityId: step.id, caseId: step.caseId, personId: step.personId, details: { reason: failure } }, ctx.now);
    });
    return { status: "failed", reason: failure ?? "unknown" };
  }

  const gate = await gateContact(
    ctx,
    {
      caseId: step.caseId,
      partyPersonId: step.partyPersonId,
      contactPointId: point.id,
      channel: step.channel,
      purpose: step.purpose,
      content: contentOf(template),
      autodialed: step.autodialed,
      outreachStepId: step.id,
      templateId: template.id,
    },
    {
      preloaded: { caseRow: facts.caseRow, client: facts.client, debtor: facts.debtor, caseAccounts: facts.caseAccounts },
      render: ({ referenceCode }) => renderMessage(template, templateVariablesFor(facts, referenceCode, template.language)),
    },
  );
  if (gate.outcome === "skipped") return { status: "skipped", state: gate.state };
  if (gate.outcome !== "allow") {
    const rules = gate.refusal.results.map((r) => r.rule);
    return gate.outcome === "defer" ? { status: "deferred", decisionId: gate.decisionId, notBefore: gate.refusal.notBefore, rules } : { status: "blocked", decisionId: gate.decisionId, rules };
  }

  const message = buildPortMessage({
    channel: step.channel,
    point,
    partyName: facts.party.fullName,
    subject: gate.attempt.renderedSubject,
    body: gate.attempt.renderedBody ?? "",
    referenceCode: gate.attempt.referenceCode,
    language: template.language,
    date: ctx.now.toISOString().slice(0, 10),
  });
  return sendClaimed(ctx, { ...step, dispatchId: gate.attempt.dispatchId, contactPointId: point.id }, gate.attempt.id, () => channels[portChannelFor(step.channel)].send(message, { idempotencyKey: gate.attempt.dispatchId }));
}

async function sendClaimed(ctx: DomainContext, step: Step & { dispatchId: string | null }, attemptId: string, send: () => Promise<PortSendResult>): Promise<DispatchStepResult> {
  const dispatchId = step.dispatchId!;
  const known = { id: attemptId, caseId: step.caseId, personId: step.personId, partyPersonId: step.partyPersonId, outreachStepId: step.id };
  let result: PortSendResult;
  try {
    result = await send();
  } catch (err) {
    const kind = classifySendError(err);
    if (kind.kind === "transient" && !kind.outcomeUnknown) {
      // Nothing reached the provider: the same dispatch id may be retried (with backoff) for a while.
      await ctx.db.update(s.outreachSteps).set({ lastError: `${TRANSIENT_MARK}${kind.code}`, updatedAt: ctx.now }).where(and(eq(s.outreachSteps.id, step.id), eq(s.outreachSteps.state, "claimed")));
      throw new RetryableDispatchError(kind.code, (err as { retryAfterMs?: number }).retryAfterMs);
    }
    if (kind.kind === "permanent") {
      await ctx.db.transaction(async (tx) => {
        await recordOutcomeInTx(tx, ctx.actor, ctx.now, { attemptId, outcome: "failed", source: "worker", details: { error: kind.code } }, known);
        await tx.update(s.outreachSteps).set({ state: "failed", lastError: kind.code, finishedAt: ctx.now, updatedAt: ctx.now }).where(eq(s.outreachSteps.id, step.id));
        // A synchronous bounce (SMTP 550 on RCPT, the provider's invalid_number): the address is unusable.
        if (kind.code === "recipient_rejected" && step.contactPointId) {
          await invalidateContactPointInTx(tx, ctx.actor, ctx.now, { contactPointId: step.contactPointId, reason: step.channel === "email" ? "bounced" : "wrong_number" });
        }
      });
      return { status: "failed", reason: kind.code };
    }
    // The answer was lost (timeout after sending, or an unexpected error): never resend blindly.
    return markForReconciliation(ctx, step, kind.kind === "transient" ? kind.code : "unexpected_send_error");
  }
  await ctx.db.transaction(async (tx) => {
    await recordOutcomeInTx(tx, ctx.actor, ctx.now, {
      attemptId,
      outcome: result.status === "delivered" ? "delivered" : "sent",
      source: "worker",
      providerMessageId: result.providerMessageId,
      details: { providerStatus: result.status },
    }, known);
    await tx
      .update(s.outreachSteps)
      .set({ state: result.status === "delivered" ? "delivered" : "dispatched", dispatchedAt: ctx.now, lastError: null, ...(result.status === "delivered" ? { finishedAt: ctx.now } : {}), updatedAt: ctx.now })
      .where(and(eq(s.outreachSteps.id, step.id), inArray(s.outreachSteps.state, ["claimed", "reconcile"])));
  });
  return { status: "sent", attemptId, dispatchId, providerMessageId: result.providerMessageId };
}

/** The claimed attempt's message, rebuilt from the ledger row (what was stored is what is sent). */
export async function claimedMessage(db: DbOrTx, step: Step) {
  const attempt = step.dispatchId ? await db.query.contactAttempts.findFirst({ where: eq(s.contactAttempts.dispatchId, step.dispatchId) }) : undefined;
  if (!attempt) throw new NotFoundError("contact_attempt", step.dispatchId ?? "none");
  const point = attempt.contactPointId ? await db.query.contactPoints.findFirst({ where: eq(s.contactPoints.id, attempt.contactPointId) }) : undefined;
  const template = attempt.templateId ? await db.query.templates.findFirst({ where: eq(s.templates.id, attempt.templateId) }) : undefined;
  const party = (await db.query.persons.findFirst({ where: eq(s.persons.id, attempt.partyPersonId) }))!;
  const message = buildPortMessage({
    channel: attempt.channel,
    point: point ?? { value: attempt.address ?? "", postal: null },
    partyName: party.fullName,
    subject: attempt.renderedSubject,
    body: attempt.renderedBody ?? "",
    referenceCode: attempt.referenceCode,
    language: template?.language ?? "en",
    date: attempt.startedAt.toISOString().slice(0, 10),
  });
  return { attempt, message };
}

async function resendClaimed(ctx: DomainContext, step: Step, channels: OutreachChannels): Promise<DispatchStepResult> {
  const { attempt, message } = await claimedMessage(ctx.db, step);
  const refused = await recheckClaim(ctx.db, attempt, ctx.now);
  if (refused) return releaseStaleClaim(ctx, step, attempt, refused);
  return sendClaimed(ctx, step, attempt.id, () => channels[portChannelFor(step.channel)].send(message, { idempotencyKey: step.dispatchId! }));
}

/** The claim never reached the provider and its decision no longer holds: the attempt ends `failed`
 *  (appended, never edited) and the step waits for the engine's next allowed minute, when the gate will
 *  decide afresh and claim a new dispatch id; or ends blocked. */
async function releaseStaleClaim(ctx: DomainContext, step: Step, attempt: { id: string; decisionId: string | null }, refused: CheckDecision): Promise<DispatchStepResult> {
  const rules = refused.results.map((r) => r.rule);
  const defer = refused.decision === "defer" && refused.notBefore !== null;
  const released = await ctx.db.transaction(async (tx) => {
    await lockRows(tx, { steps: [step.id] });
    const [locked] = await tx.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(eq(s.outreachSteps.id, step.id));
    if (locked?.state !== "claimed") return false;
    await recordOutcomeInTx(tx, ctx.actor, ctx.now, { attemptId: attempt.id, outcome: "failed", source: "worker", details: { error: `stale_decision:${rules.join(",")}` } });
    await tx
      .update(s.outreachSteps)
      .set(defer
        ? { state: "deferred", dueAt: new Date(refused.notBefore!), dispatchId: null, claimedAt: null, deferrals: sql`${s.outreachSteps.deferrals} + 1`, lastError: `stale_decision:${rules.join(",")}`, updatedAt: ctx.now }
        : { state: "blocked", lastError: `stale_decision:${rules.join(",")}`, finishedAt: ctx.now, updatedAt: ctx.now })
      .where(eq(s.outreachSteps.id, step.id));
    return true;
  });
  if (!released) return { status: "skipped", state: "not_claimed" };
  return defer
    ? { status: "deferred", decisionId: attempt.decisionId ?? "", notBefore: refused.notBefore, rules }
    : { status: "blocked", decisionId: attempt.decisionId, rules };
}

/** The send's outcome is not known: outcome `unknown` in the ledger, step `reconcile`. */
export async function markForReconciliation(ctx: DomainContext, step: Step, reason: string): Promise<DispatchStepResult> {
  const attempt = step.dispatchId ? await ctx.db.query.contactAttempts.findFirst({ where: eq(s.contactAttempts.dispatchId, step.dispatchId), columns: { id: true } }) : undefined;
  await ctx.db.transaction(async (tx) => {
    await lockRows(tx, { steps: [step.id] });
    const [locked] = await tx.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(eq(s.outreachSteps.id, step.id));
    if (locked?.state !== "claimed") return;
    if (attempt) await recordOutcomeInTx(tx, ctx.actor, ctx.now, { attemptId: attempt.id, outcome: "unknown", source: "worker", details: { error: reason } });
    await tx.update(s.outreachSteps).set({ state: "reconcile", lastError: reason, updatedAt: ctx.now }).where(eq(s.outreachSteps.id, step.id));
  });
  return { status: "reconcile", attemptId: attempt?.id ?? "", dispatchId: step.dispatchId ?? "" };
}
