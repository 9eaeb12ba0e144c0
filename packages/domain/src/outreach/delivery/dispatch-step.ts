import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema as s, type DbOrTx } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { classifySendError, portChannelFor, type OutreachChannels, type PortSendResult } from "./channels-port";
import { buildPortMessage, chooseContactPoint, contentOf, letterheadOf, findTemplate, renderMessage, templateVariablesFor, type MessageFacts } from "./compose-message";
import { gateContact } from "../gate/gate-contact";
import type { CheckDecision } from "@casebook/compliance";
import { recheckClaim } from "../gate/recheck-claim";
import { invalidateContactPointInTx } from "./invalidate-contact-point";
import { recordOutcomeInTx } from "./record-outcome";
import { readPolicyInForce } from "../../clients/policy-in-force";
import { blockStep, deferStep, failStep, isDue, lockStep, markStepUnknown, noteProviderUnavailable, postponeSteps, type FailReason } from "../steps/step-lifecycle";
import { recordSendsInTx } from "./record-sends";

export const DispatchStep = z.object({ stepId: z.uuid() });
export type DispatchStep = z.infer<typeof DispatchStep>;

export type DispatchStepResult =
  | { status: "sent"; attemptId: string; dispatchId: string; providerMessageId: string }
  | { status: "deferred"; decisionId: string; notBefore: string | null; rules: string[] }
  | { status: "blocked"; decisionId: string | null; rules: string[] }
  | { status: "reconcile"; attemptId: string; dispatchId: string }
  | { status: "failed"; reason: FailReason }
  | { status: "paused"; until: string }
  | { status: "skipped"; state: string };

/** A definite transient failure may be retried with the same dispatch id only this soon after the
 *  claim: later, the compliance decision it was made under is stale. */
export const RESEND_WINDOW_MS = 10 * 60_000;

type Step = typeof s.outreachSteps.$inferSelect;

/** Thrown (after the facts are stored) so the worker retries the same dispatch id with backoff. */
export class RetryableDispatchError extends Error {
  override readonly name = "RetryableDispatchError";
  constructor(readonly code: string, readonly retryAfterMs?: number) {
    super(`transient channel error: ${code}`);
  }
}

/** A template that cannot be rendered for this debtor (a variable without a value). */
class TemplateRenderError extends Error {
  override readonly name = "TemplateRenderError";
}

/** The message's facts in two round trips (case + client + debtor joined; the accounts). */
async function loadFacts(db: DbOrTx, step: Step, now: Date): Promise<MessageFacts & { caseAccounts: Array<typeof s.accounts.$inferSelect> }> {
  const [row] = await db
    .select({ caseRow: s.cases, client: s.clients, debtor: s.persons })
    .from(s.cases)
    .innerJoin(s.clients, eq(s.cases.clientId, s.clients.id))
    .leftJoin(s.persons, eq(s.cases.personId, s.persons.id))
    .where(eq(s.cases.id, step.caseId));
  if (!row) throw new NotFoundError("case", step.caseId);
  const { caseRow, debtor } = row;
  if (!debtor) throw new NotFoundError("person", caseRow.personId);
  // The callback number a message prints is the one of the client's policy in force when it is sent.
  const client = { ...row.client, policy: (await readPolicyInForce(db, row.client, now)).policy };
  const party = step.partyPersonId === debtor.id ? debtor : await db.query.persons.findFirst({ where: eq(s.persons.id, step.partyPersonId) });
  if (!party) throw new NotFoundError("person", step.partyPersonId);
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
 *
 * A poisoned step (its case or person gone, no template, a template that cannot be rendered, no usable
 * contact point, the provider refusing it) ends `failed` with its typed reason and returns: it never
 * throws into the batch that carries it (issue 9 §3). Step state changes only through
 * ../steps/step-lifecycle.ts.
 */
export async function dispatchStep(ctx: DomainContext, rawInput: DispatchStep, channels: OutreachChannels): Promise<DispatchStepResult> {
  const input = parseInput(DispatchStep, rawInput);
  const step = await ctx.db.query.outreachSteps.findFirst({ where: eq(s.outreachSteps.id, input.stepId) });
  if (!step) throw new NotFoundError("outreach_step", input.stepId);

  if (step.state === "claimed") {
    if (step.reason === "provider_unavailable") {
      const recent = step.claimedAt !== null && ctx.now.getTime() - step.claimedAt.getTime() < RESEND_WINDOW_MS;
      if (recent) return resendClaimed(ctx, step, channels);
      // The outage outlasted the claim's decision: end that attempt (it never reached the provider) and
      // let the gate decide afresh now, with a new dispatch id.
      const released = await releaseClaim(ctx, step, null);
      if (released.status !== "deferred") return released;
      return dispatchStep(ctx, input, channels);
    }
    return markForReconciliation(ctx, step, "claim_without_outcome");
  }
  if (step.state !== "planned" && step.state !== "deferred") return { status: "skipped", state: step.state };
  // Not yet due by this worker's clock: left for its time (the gate checks it again under the lock).
  if (!isDue(step.dueAt, ctx.now)) return { status: "skipped", state: "not_due" };

  let facts: Awaited<ReturnType<typeof loadFacts>>;
  try {
    facts = await loadFacts(ctx.db, step, ctx.now);
  } catch (err) {
    if (err instanceof NotFoundError) return failPoisoned(ctx, step, err.entity === "case" ? "case_missing" : "person_missing");
    throw err;
  }
  if ((step.channel === "call" || step.channel === "voicemail") && facts.caseRow.pausedUntil && facts.caseRow.pausedUntil > ctx.now) {
    const until = facts.caseRow.pausedUntil;
    await postponeSteps(ctx.db, eq(s.outreachSteps.id, step.id), { until, now: ctx.now });
    return { status: "paused", until: until.toISOString() };
  }
  const template = await findTemplate(ctx.db, step.templateCode, facts.party.preferredLanguage);
  const point = await chooseContactPoint(ctx.db, { personId: step.partyPersonId, channel: step.channel, contactPointId: step.contactPointId });
  if (!template) return failPoisoned(ctx, step, "template_missing");
  if (!point) return failPoisoned(ctx, step, "no_contact_point");

  let gate: Awaited<ReturnType<typeof gateContact>>;
  try {
    gate = await gateContact(
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
        render: ({ referenceCode }) => {
          try {
            return renderMessage(template, templateVariablesFor(facts, referenceCode, template.language, ctx.publicUrl));
          } catch (err) {
            throw new TemplateRenderError((err as Error).message);
          }
        },
      },
    );
  } catch (err) {
    // The gate's transaction rolled back (no decision, no claim): the step fails alone.
    if (err instanceof TemplateRenderError) return failPoisoned(ctx, step, "template_error");
    throw err;
  }
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
    // The letterhead of the policy in force at this decision (loadFacts read it at ctx.now).
    letterhead: letterheadOf(facts.client.policy),
  });
  return sendClaimed(ctx, { ...step, dispatchId: gate.attempt.dispatchId, contactPointId: point.id }, gate.attempt.id, () => channels[portChannelFor(step.channel)].send(message, { idempotencyKey: gate.attempt.dispatchId }));
}

/** An unclaimed step that cannot be sent as it stands: failed with its reason, audited, alone. */
async function failPoisoned(ctx: DomainContext, step: Step, reason: FailReason): Promise<DispatchStepResult> {
  const failed = await ctx.db.transaction(async (tx) => {
    const state = await lockStep(tx, step.id);
    if (state !== "planned" && state !== "deferred") return false;
    await failStep(tx, step.id, { reason, now: ctx.now });
    await writeAudit(tx, ctx.actor, { action: "outreach.step_failed", entityType: "outreach_step", entityId: step.id, caseId: step.caseId, personId: step.personId, details: { reason } }, ctx.now);
    return true;
  });
  return failed ? { status: "failed", reason } : { status: "skipped", state: "not_open" };
}

/** A provider's permanent refusal, by its error code. */
function permanentReason(code: string): FailReason {
  return code === "recipient_rejected" ? "recipient_rejected" : "provider_rejected";
}

async function sendClaimed(ctx: DomainContext, step: Step & { dispatchId: string | null }, attemptId: string, send: () => Promise<PortSendResult>): Promise<DispatchStepResult> {
  const dispatchId = step.dispatchId!;
  let result: PortSendResult;
  try {
    result = await send();
  } catch (err) {
    return settleSendFailure(ctx, step, attemptId, err);
  }
  await ctx.db.transaction((tx) => recordSendsInTx(tx, ctx.actor, ctx.now, [{ attempt: { id: attemptId, caseId: step.caseId, personId: step.personId, stepId: step.id }, result }]));
  return { status: "sent", attemptId, dispatchId, providerMessageId: result.providerMessageId };
}

/**
 * What a failed send of a claimed step leaves behind (a batch's failed sends come here one by one):
 * a definite transient failure keeps the claim and throws RetryableDispatchError (retried with the same
 * dispatch id); a permanent refusal fails the step (and a synchronous bounce invalidates the address);
 * anything else may have reached the provider, so the step goes to reconciliation, never resent blindly.
 */
export async function settleSendFailure(ctx: DomainContext, step: Pick<Step, "id" | "caseId" | "personId" | "partyPersonId" | "channel" | "contactPointId" | "dispatchId">, attemptId: string, err: unknown): Promise<DispatchStepResult> {
  const known = { id: attemptId, caseId: step.caseId, personId: step.personId, partyPersonId: step.partyPersonId, outreachStepId: step.id };
  const kind = classifySendError(err);
  if (kind.kind === "transient" && !kind.outcomeUnknown) {
    // Nothing reached the provider: the same dispatch id may be retried (with backoff) for a while.
    await ctx.db.transaction(async (tx) => {
      if ((await lockStep(tx, step.id)) === "claimed") await noteProviderUnavailable(tx, step.id, { now: ctx.now });
    });
    throw new RetryableDispatchError(kind.code, (err as { retryAfterMs?: number }).retryAfterMs);
  }
  if (kind.kind === "permanent") {
    const reason = permanentReason(kind.code);
    await ctx.db.transaction(async (tx) => {
      await recordOutcomeInTx(tx, ctx.actor, ctx.now, { attemptId, outcome: "failed", source: "worker", details: { error: kind.code } }, known, { moveStep: false });
      if ((await lockStep(tx, step.id)) === "claimed") await failStep(tx, step.id, { reason, now: ctx.now });
      // A synchronous bounce (SMTP 550 on RCPT, the provider's invalid_number): the address is unusable.
      if (kind.code === "recipient_rejected" && step.contactPointId) {
        await invalidateContactPointInTx(tx, ctx.actor, ctx.now, { contactPointId: step.contactPointId, reason: step.channel === "email" ? "bounced" : "wrong_number" });
      }
    });
    return { status: "failed", reason };
  }
  // The answer was lost (timeout after sending, or an unexpected error): never resend blindly.
  return markForReconciliation(ctx, step, "send_outcome_unknown");
}

/** The claimed attempt's message, rebuilt from the ledger row (what was stored is what is sent). */
export async function claimedMessage(db: DbOrTx, step: Step) {
  const attempt = step.dispatchId ? await db.query.contactAttempts.findFirst({ where: eq(s.contactAttempts.dispatchId, step.dispatchId) }) : undefined;
  if (!attempt) throw new NotFoundError("contact_attempt", step.dispatchId ?? "none");
  const point = attempt.contactPointId ? await db.query.contactPoints.findFirst({ where: eq(s.contactPoints.id, attempt.contactPointId) }) : undefined;
  const template = attempt.templateId ? await db.query.templates.findFirst({ where: eq(s.templates.id, attempt.templateId) }) : undefined;
  const party = (await db.query.persons.findFirst({ where: eq(s.persons.id, attempt.partyPersonId) }))!;
  // A resent letter prints the letterhead of its decision's time, not of a policy version made since.
  const letterhead = attempt.channel === "letter" ? await letterheadAt(db, attempt.caseId, attempt.startedAt) : undefined;
  return { attempt, message: attemptMessage(attempt, { point, template, party, letterhead }) };
}

type Attempt = typeof s.contactAttempts.$inferSelect;

/** The message of a stored attempt, from the rows it names (a batch's resends read them as a set). */
export function attemptMessage(
  attempt: Attempt,
  rows: { point: Parameters<typeof buildPortMessage>[0]["point"] | undefined; template: { language: string } | undefined; party: { fullName: string }; letterhead?: ReturnType<typeof letterheadOf> },
) {
  return buildPortMessage({
    channel: attempt.channel,
    point: rows.point ?? { value: attempt.address ?? "", postal: null },
    partyName: rows.party.fullName,
    subject: attempt.renderedSubject,
    body: attempt.renderedBody ?? "",
    referenceCode: attempt.referenceCode,
    language: rows.template?.language ?? "en",
    date: attempt.startedAt.toISOString().slice(0, 10),
    letterhead: rows.letterhead,
  });
}

async function letterheadAt(db: DbOrTx, caseId: string, at: Date) {
  const [row] = await db.select({ client: s.clients }).from(s.cases).innerJoin(s.clients, eq(s.cases.clientId, s.clients.id)).where(eq(s.cases.id, caseId));
  return row ? letterheadOf((await readPolicyInForce(db, row.client, at)).policy) : undefined;
}

async function resendClaimed(ctx: DomainContext, step: Step, channels: OutreachChannels): Promise<DispatchStepResult> {
  const { attempt, message } = await claimedMessage(ctx.db, step);
  const refused = await recheckClaim(ctx.db, attempt, ctx.now);
  if (refused) return releaseClaim(ctx, step, refused);
  return sendClaimed(ctx, step, attempt.id, () => channels[portChannelFor(step.channel)].send(message, { idempotencyKey: step.dispatchId! }));
}

/**
 * A claim that never reached the provider is given back: the attempt ends `failed` (appended, never
 * edited). `refused`: its decision no longer holds, so the step waits for the engine's next allowed
 * minute (or ends blocked). No refusal: the provider was down past the resend window, so the step is
 * deferred briefly (out of the sweep's way) and the caller gates it afresh at once.
 */
async function releaseClaim(ctx: DomainContext, step: Step, refused: CheckDecision | null): Promise<DispatchStepResult> {
  const rules = refused?.results.map((r) => r.rule) ?? [];
  const defer = !refused || (refused.decision === "defer" && refused.notBefore !== null);
  const until = refused ? new Date(refused.notBefore ?? ctx.now) : new Date(ctx.now.getTime() + RESEND_WINDOW_MS);
  const attempt = step.dispatchId ? await ctx.db.query.contactAttempts.findFirst({ where: eq(s.contactAttempts.dispatchId, step.dispatchId), columns: { id: true, decisionId: true } }) : undefined;
  const released = await ctx.db.transaction(async (tx) => {
    if ((await lockStep(tx, step.id)) !== "claimed") return false;
    if (attempt) await recordOutcomeInTx(tx, ctx.actor, ctx.now, { attemptId: attempt.id, outcome: "failed", source: "worker", details: { error: refused ? `stale_decision:${rules.join(",")}` : "never_reached_provider" } }, undefined, { moveStep: false });
    if (defer) await deferStep(tx, step.id, { until, reason: refused ? "stale_decision" : "provider_unavailable", now: ctx.now });
    else await blockStep(tx, step.id, { reason: "stale_decision", now: ctx.now });
    return true;
  });
  if (!released) return { status: "skipped", state: "not_claimed" };
  return defer
    ? { status: "deferred", decisionId: attempt?.decisionId ?? "", notBefore: until.toISOString(), rules }
    : { status: "blocked", decisionId: attempt?.decisionId ?? null, rules };
}

/**
 * The send's outcome is not known: outcome `unknown` in the ledger, step `reconcile`. A step that is no
 * longer claimed when it is locked (its holder recorded the answer meanwhile) is left as it is, and the
 * result says so (`skipped` with the state found) rather than claiming a reconciliation that never was.
 */
export async function markForReconciliation(ctx: DomainContext, step: Pick<Step, "id" | "dispatchId">, reason: "send_outcome_unknown" | "claim_without_outcome" | "retries_exhausted"): Promise<DispatchStepResult> {
  const attempt = step.dispatchId ? await ctx.db.query.contactAttempts.findFirst({ where: eq(s.contactAttempts.dispatchId, step.dispatchId), columns: { id: true } }) : undefined;
  const found = await ctx.db.transaction(async (tx) => {
    const state = await lockStep(tx, step.id);
    if (state !== "claimed") return state ?? "missing";
    if (attempt) await recordOutcomeInTx(tx, ctx.actor, ctx.now, { attemptId: attempt.id, outcome: "unknown", source: "worker", details: { error: reason } });
    await markStepUnknown(tx, step.id, { reason, now: ctx.now });
    return "reconcile";
  });
  if (found !== "reconcile") return { status: "skipped", state: found };
  return { status: "reconcile", attemptId: attempt?.id ?? "", dispatchId: step.dispatchId ?? "" };
}
