import { sql } from "drizzle-orm";
import pLimit from "p-limit";
import { z } from "zod";
import { schema as s, type Tx } from "@casebook/db";
import { writeAudits } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { uuidArray } from "../../cases/sql-values";
import { lockRows } from "../../locks/lock-rows";
import { readGateFacts } from "../gate/gate-facts";
import { gateStepsInTx, type StepGateItem } from "../gate/gate-steps";
import { failSteps, isDue, lockedStepStates, noteStepsProviderUnavailable, postponeSteps, type FailReason } from "../steps/step-lifecycle";
import { classifySendError, portChannelFor, type OutreachChannels, type PortSendResult } from "./channels-port";
import { buildPortMessage, contentOf, letterheadOf, pickContactPoint, pickTemplate, readActiveTemplates, renderMessage, templateVariablesFor, type MessageFacts } from "./compose-message";
import { dispatchStep, RetryableDispatchError, settleSendFailure, type DispatchStepResult } from "./dispatch-step";
import { recordSendsInTx } from "./record-sends";
import { readResendClaims, resendable, type ResendClaim } from "./resend-claims";

export const DispatchSteps = z.object({ stepIds: z.array(z.uuid()).min(1).max(100) });
export type DispatchSteps = z.infer<typeof DispatchSteps>;

export type DispatchStepsResult =
  | DispatchStepResult
  /** A definite transient failure: the claim stands; the caller retries it alone with backoff. */
  | { status: "retrying"; code: string; retryAfterMs?: number }
  /** It could not be settled here (an unexpected error): the caller hands it to its own job. */
  | { status: "handed_off"; error: string };

type Step = typeof s.outreachSteps.$inferSelect;

/** Sends in flight at once for one batch (the keep-alive connections of the channel's agent serve them). */
export const SEND_CONCURRENCY = 16;

/** A claim to send: one the set's gate just made, or one whose send met an outage, sent again. */
type Claim = ResendClaim;

/**
 * Dispatches a batch of due steps as a set (issue 15): ONE transaction locks the steps' persons, cases
 * and steps in the one order, reads every fact the gate and the messages need in a fixed handful of
 * statements, runs the engine in memory step by step (a claim decided for a person counts in the next
 * decision about them), and writes decisions, claims, refusals and failures in one statement per table.
 * After the commit the claimed messages go out concurrently (keep-alive connections: Node's fetch
 * agent, nodemailer's pool), and what the provider answered is written back in one more transaction.
 *
 * Exactly once as dispatchStep: each claim is a ledger row under the unique (step, version) key,
 * committed before its send. Each step's fate is its own: a poisoned step fails alone with its reason;
 * a step whose request cannot be built, a claimed step (resend or reconciliation) and every step of a
 * batch whose transaction fails go through dispatchStep one by one; a failed send is settled alone. A
 * step another dispatcher claimed moments ago is left to it (`skipped`, state `claimed`).
 *
 * A claim whose send met a provider outage (`provider_unavailable`: the worker retries such steps as
 * one delayed batch) is resent in the set too, with its stored message and dispatch id
 * (resend-claims.ts), so a backlog an outage built drains at the batch's rate, not one step at a time.
 */
export async function dispatchSteps(ctx: DomainContext, rawInput: DispatchSteps, channels: OutreachChannels): Promise<Map<string, DispatchStepsResult>> {
  const input = parseInput(DispatchSteps, rawInput);
  const ids = [...new Set(input.stepIds)];
  const results = new Map<string, DispatchStepsResult>();
  const rows = await ctx.db.select().from(s.outreachSteps).where(sql`${s.outreachSteps.id} = any(${uuidArray(ids)}::uuid[])`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const alone: string[] = [];
  const open: Step[] = [];
  const resend: Step[] = [];
  for (const id of ids) {
    const step = byId.get(id);
    if (step?.state === "planned" || step?.state === "deferred") open.push(step);
    else if (step && step.state !== "claimed") results.set(id, { status: "skipped", state: step.state });
    // A fresh claim is its holder's: another dispatcher may be sending it right now, and only the holder
    // knows the provider's answer. Settling it here would call a send in flight unknown.
    else if (step && claimInFlight(step, ctx.now)) results.set(id, { status: "skipped", state: "claimed" });
    else if (step && resendable(step, ctx.now)) resend.push(step);
    // A stale claim (its holder died: reconciliation) and a missing step take the single path.
    else alone.push(id);
  }

  let claims: Claim[] = [];
  if (open.length > 0) {
    try {
      const gated = await ctx.db.transaction((tx) => gateOpenSteps(tx, ctx, open));
      for (const [id, result] of gated.results) results.set(id, result);
      claims = gated.claims;
    } catch {
      // The set's transaction rolled back (nothing of it was written): each step goes alone, so one
      // step's trouble never decides the others' fate.
      alone.push(...open.map((st) => st.id));
    }
  }
  if (resend.length > 0) {
    try {
      const again = await readResendClaims(ctx, resend);
      claims = [...claims, ...again.claims];
      alone.push(...again.alone);
    } catch {
      alone.push(...resend.map((st) => st.id));
    }
  }

  // Concurrently, but a bounded number at once per batch: a worker runs many batches at a time, and an
  // unbounded burst of sends queues behind itself until the provider's timeout calls them unknown.
  const limit = pLimit(SEND_CONCURRENCY);
  const sends = await Promise.all(claims.map((claim) => limit(async () => {
    try {
      return { claim, result: await channels[portChannelFor(claim.step.channel)].send(claim.message, { idempotencyKey: claim.dispatchId }) as PortSendResult };
    } catch (error) {
      return { claim, error };
    }
  })));
  const accepted = sends.filter((x): x is { claim: Claim; result: PortSendResult } => "result" in x);
  if (accepted.length > 0) {
    try {
      await ctx.db.transaction((tx) => recordSendsInTx(tx, ctx.actor, ctx.now, accepted.map((x) => ({
        attempt: { id: x.claim.attemptId, caseId: x.claim.step.caseId, personId: x.claim.step.personId, stepId: x.claim.step.id }, result: x.result,
      }))));
      for (const x of accepted) results.set(x.claim.step.id, { status: "sent", attemptId: x.claim.attemptId, dispatchId: x.claim.dispatchId, providerMessageId: x.result.providerMessageId });
    } catch (err) {
      // Sent, but the answer is not on record: the step's own job finds a claim without an outcome and
      // reconciles it with the provider (never a second send).
      for (const x of accepted) results.set(x.claim.step.id, { status: "handed_off", error: (err as Error).name });
    }
  }
  const failed = sends.filter((x): x is { claim: Claim; error: unknown } => "error" in x);
  // Refused by a provider that is down (nothing reached it): every such claim is noted in one statement
  // and retried with its dispatch id, as settleSendFailure does for one. During an outage this is every
  // send of every batch, so it must not cost a transaction a step.
  const unavailable = failed.filter((x) => definiteTransient(x.error));
  if (unavailable.length > 0) {
    try {
      await ctx.db.transaction((tx) => noteStepsProviderUnavailable(tx, unavailable.map((x) => x.claim.step.id), { now: ctx.now }));
      for (const x of unavailable) {
        const retryAfterMs = (x.error as { retryAfterMs?: number }).retryAfterMs;
        results.set(x.claim.step.id, { status: "retrying", code: (x.error as { code: string }).code, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
      }
    } catch (err) {
      for (const x of unavailable) results.set(x.claim.step.id, { status: "handed_off", error: (err as Error).name });
    }
  }
  for (const x of failed) {
    if (unavailable.includes(x)) continue;
    results.set(x.claim.step.id, await settled(() => settleSendFailure(ctx, { ...x.claim.step, dispatchId: x.claim.dispatchId }, x.claim.attemptId, x.error)));
  }
  for (const id of alone) results.set(id, await settled(() => dispatchStep(ctx, { stepId: id }, channels)));
  return results;
}

/**
 * How long a claim may be in its holder's hands before anyone else settles it: a batch's last send
 * starts after its earlier waves (SEND_CONCURRENCY at a time) and each may take the provider's timeout
 * (10 s by default), so two minutes covers a full batch against a hanging provider. A holder that died
 * leaves a claim older than this, which the single path marks for reconciliation (and the reconcile
 * sweep picks up claims older than its own, longer, stale-claim age in any case).
 */
export const CLAIM_IN_FLIGHT_MS = 2 * 60_000;

function claimInFlight(step: Step, now: Date): boolean {
  // A claim whose send met a definite transient failure (provider_unavailable) is in no one's hands: its
  // holder gave it up to a retry (the worker's retry batch; the same dispatch id, within the window).
  if (step.reason === "provider_unavailable") return false;
  return step.claimedAt !== null && now.getTime() - step.claimedAt.getTime() < CLAIM_IN_FLIGHT_MS;
}

/** A send error after which the same dispatch id may be retried: settleSendFailure's first case. */
function definiteTransient(err: unknown): boolean {
  const kind = classifySendError(err);
  return kind.kind === "transient" && !kind.outcomeUnknown;
}

/** A single-step path's result, with its retryable and unexpected errors as results. */
async function settled(run: () => Promise<DispatchStepResult>): Promise<DispatchStepsResult> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof RetryableDispatchError) return { status: "retrying", code: err.code, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
    return { status: "handed_off", error: (err as Error).name ?? "Error" };
  }
}

/** The set's transaction: locks, facts, the gate, and the poisoned and paused steps. */
async function gateOpenSteps(tx: Tx, ctx: DomainContext, open: Step[]): Promise<{ results: Map<string, DispatchStepsResult>; claims: Claim[] }> {
  const now = ctx.now;
  const results = new Map<string, DispatchStepsResult>();
  // person(s) → case → step (locks/lock-rows.ts); a step never changes its case or persons.
  await lockRows(tx, { persons: open.flatMap((st) => [st.personId, st.partyPersonId]), cases: open.map((st) => st.caseId), steps: open.map((st) => st.id) });
  const states = await lockedStepStates(tx, open.map((st) => st.id));
  const due: Step[] = [];
  for (const step of open) {
    const locked = states.get(step.id);
    const state = locked?.state;
    // Not yet due by this worker's clock (another worker's clock, ahead of it, swept it): left for its
    // time, never sent early. The sweep offers it again once it is due.
    if ((state === "planned" || state === "deferred") && !isDue(locked!.dueAt, now)) results.set(step.id, { status: "skipped", state: "not_due" });
    else if (state === "planned" || state === "deferred") due.push(step);
    else results.set(step.id, { status: "skipped", state: state ?? "missing" });
  }
  const facts = await readGateFacts(tx, {
    caseIds: due.map((st) => st.caseId),
    partyPersonIds: due.map((st) => st.partyPersonId),
    contactPointIds: due.flatMap((st) => (st.contactPointId ? [st.contactPointId] : [])),
    now,
  });
  const templates = await readActiveTemplates(tx, due.map((st) => st.templateCode));
  const ownerIds = [...new Set([...facts.cases.values()].flatMap((c) => (c.caseRow.ownerUserId ? [c.caseRow.ownerUserId] : [])))];
  const owners = ownerIds.length === 0 ? [] : await tx.select({ id: s.users.id, name: s.users.name, staffNumber: s.users.staffNumber }).from(s.users).where(sql`${s.users.id} = any(${uuidArray(ownerIds)}::uuid[])`);
  const ownerById = new Map(owners.map((o) => [o.id, o]));

  const fails: Array<{ step: Step; reason: FailReason }> = [];
  const paused = new Map<number, Step[]>();
  const items: StepGateItem[] = [];
  const composed = new Map<string, { step: Step; facts: MessageFacts; point: NonNullable<ReturnType<typeof pickContactPoint>>; language: string }>();
  for (const step of due) {
    const found = facts.cases.get(step.caseId);
    const party = facts.persons.get(step.partyPersonId);
    if (!found) { fails.push({ step, reason: "case_missing" }); continue; }
    if (!found.debtor || !party) { fails.push({ step, reason: "person_missing" }); continue; }
    const { caseRow, debtor } = found;
    if ((step.channel === "call" || step.channel === "voicemail") && caseRow.pausedUntil && caseRow.pausedUntil > now) {
      paused.set(caseRow.pausedUntil.getTime(), [...(paused.get(caseRow.pausedUntil.getTime()) ?? []), step]);
      continue;
    }
    const template = pickTemplate(templates, step.templateCode, party.preferredLanguage);
    const stepPoint = step.contactPointId ? facts.pointsById.get(step.contactPointId) : undefined;
    const point = pickContactPoint([...(facts.pointsByPerson.get(step.partyPersonId) ?? []), ...(stepPoint ? [stepPoint] : [])], { personId: step.partyPersonId, channel: step.channel, contactPointId: step.contactPointId });
    if (!template) { fails.push({ step, reason: "template_missing" }); continue; }
    if (!point) { fails.push({ step, reason: "no_contact_point" }); continue; }
    // The callback number a message prints is the one of the client's policy in force when it is sent.
    const client = { ...found.client, policy: facts.policies.get(found.client.id)?.policy ?? found.client.policy };
    const caseAccounts = facts.accountsByCase.get(caseRow.id) ?? [];
    const wanted = new Set(step.accountIds);
    const accounts = caseAccounts.filter((a) => wanted.has(a.id));
    const owner = caseRow.ownerUserId ? ownerById.get(caseRow.ownerUserId) : undefined;
    // Automated messages name the agency's automated-notice desk as the collector (CN-ID needs a staff number).
    const collector = owner ? { name: owner.name, staffNumber: owner.staffNumber ?? "" } : { name: client.country === "CN" ? "智能提醒" : "Automated Notices", staffNumber: "AUTO-001" };
    const messageFacts: MessageFacts = { caseRow, client, debtor, party, accounts: accounts.length ? accounts : caseAccounts, collector };
    composed.set(step.id, { step, facts: messageFacts, point, language: template.language });
    items.push({
      stepId: step.id,
      stepVersion: states.get(step.id)!.deferrals,
      input: { caseId: step.caseId, partyPersonId: step.partyPersonId, contactPointId: point.id, channel: step.channel, purpose: step.purpose, content: contentOf(template), autodialed: step.autodialed, templateId: template.id },
      render: (referenceCode) => renderMessage(template, templateVariablesFor(messageFacts, referenceCode, template.language, ctx.publicUrl)),
    });
  }

  const gated = await gateStepsInTx(tx, ctx, items, facts);
  const claims: Claim[] = [];
  for (const [stepId, g] of gated) {
    const c = composed.get(stepId)!;
    if (g.outcome === "allow") {
      claims.push({
        step: c.step, attemptId: g.attempt.id, dispatchId: g.attempt.dispatchId,
        message: buildPortMessage({
          channel: c.step.channel, point: c.point, partyName: c.facts.party.fullName, subject: g.attempt.renderedSubject, body: g.attempt.renderedBody ?? "",
          referenceCode: g.attempt.referenceCode, language: c.language, date: now.toISOString().slice(0, 10), letterhead: letterheadOf(c.facts.client.policy),
        }),
      });
    } else if (g.outcome === "defer" || g.outcome === "block") {
      const rules = g.refusal.results.map((r) => r.rule);
      results.set(stepId, g.outcome === "defer" ? { status: "deferred", decisionId: g.decisionId, notBefore: g.refusal.notBefore, rules } : { status: "blocked", decisionId: g.decisionId, rules });
    } else if (g.outcome === "skipped") {
      results.set(stepId, { status: "skipped", state: g.state });
    } else if (g.outcome === "render_error") {
      fails.push({ step: c.step, reason: "template_error" });
    } else if (g.outcome === "error") {
      // Its request could not be built (dispatchStep would throw the same): handed to its own job.
      results.set(stepId, { status: "handed_off", error: (g.error as Error).name ?? "Error" });
    }
  }

  await failSteps(tx, fails.map((f) => ({ stepId: f.step.id, reason: f.reason })), { now });
  await writeAudits(tx, ctx.actor, fails.map((f) => ({
    action: "outreach.step_failed", entityType: "outreach_step", entityId: f.step.id, caseId: f.step.caseId, personId: f.step.personId, details: { reason: f.reason },
  })), now);
  for (const f of fails) results.set(f.step.id, { status: "failed", reason: f.reason });
  for (const [until, steps] of paused) {
    await postponeSteps(tx, sql`${s.outreachSteps.id} = any(${uuidArray(steps.map((st) => st.id))}::uuid[])`, { until: new Date(until), now });
    for (const step of steps) results.set(step.id, { status: "paused", until: new Date(until).toISOString() });
  }
  return { results, claims };
}
