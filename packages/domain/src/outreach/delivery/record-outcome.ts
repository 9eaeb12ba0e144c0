import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema as s, type Tx } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { Actor, DomainContext } from "../../context";
import { ForbiddenError, NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { inTeam, isTeamBound } from "../../cases/case-access";
import { canTransition, failStep, lockStep, markStepDelivered } from "../steps/step-lifecycle";

export const OUTCOMES = ["sent", "delivered", "failed", "not_connected", "no_answer", "voicemail", "conversation", "wrong_party", "refused", "unknown"] as const;

export const RecordOutcome = z.object({
  attemptId: z.uuid(),
  outcome: z.enum(OUTCOMES),
  details: z
    .object({
      identityStatementGiven: z.boolean().optional(),
      miniMirandaGiven: z.boolean().optional(),
      durationSeconds: z.number().int().nonnegative().optional(),
      amountDiscussedMinor: z.number().int().nonnegative().optional(),
      providerStatus: z.string().max(100).optional(),
      error: z.string().max(200).optional(),
    })
    .default({}),
  source: z.enum(["agent", "worker", "provider", "reconciler"]).optional(),
  providerMessageId: z.string().max(200).optional(),
  /** When it happened; default: ctx.now. */
  at: z.date().optional(),
});
export type RecordOutcome = z.input<typeof RecordOutcome>;

/** Appends one fact about an attempt (the ledger is append-only: a later fact is a new row). */
export async function recordOutcome(ctx: DomainContext, rawInput: RecordOutcome): Promise<{ outcomeId: string }> {
  const input = parseInput(RecordOutcome, rawInput);
  return ctx.db.transaction((tx) => recordOutcomeInTx(tx, ctx.actor, ctx.now, input));
}

type AttemptFacts = Pick<typeof s.contactAttempts.$inferSelect, "id" | "caseId" | "personId" | "partyPersonId" | "outreachStepId">;

/** `known`: the attempt as the caller holds it (the dispatcher just claimed it), saving a read. */
export async function recordOutcomeInTx(tx: Tx, actor: Actor, now: Date, rawInput: RecordOutcome, known?: AttemptFacts, options: { moveStep?: boolean } = {}): Promise<{ outcomeId: string }> {
  const input = parseInput(RecordOutcome, rawInput);
  const attempt = known && known.id === input.attemptId ? known : await tx.query.contactAttempts.findFirst({ where: eq(s.contactAttempts.id, input.attemptId) });
  if (!attempt) throw new NotFoundError("contact_attempt", input.attemptId);
  if (isTeamBound(actor)) {
    const c = await tx.query.cases.findFirst({ where: eq(s.cases.id, attempt.caseId), columns: { teamId: true } });
    if (!c || !inTeam(actor, c.teamId)) throw new ForbiddenError();
  }
  const source = input.source ?? (actor.kind === "user" ? "agent" : "worker");
  const at = input.at ?? now;
  const [row] = await tx
    .insert(s.contactOutcomes)
    .values({
      attemptId: attempt.id,
      outcome: input.outcome,
      source,
      recordedBy: actor.kind === "user" ? actor.userId : null,
      providerMessageId: input.providerMessageId ?? null,
      details: input.details,
      at,
    })
    .returning({ id: s.contactOutcomes.id });
  if (input.outcome === "conversation") {
    await tx.update(s.cases).set({ lastContactAt: at }).where(eq(s.cases.id, attempt.caseId));
  }
  if (input.outcome === "refused" && attempt.partyPersonId !== attempt.personId) {
    // CN-3P-CONTACTS: a third party who refused is never contacted again.
    await tx
      .update(s.relatedParties)
      .set({ refusedAt: at })
      .where(and(eq(s.relatedParties.debtorPersonId, attempt.personId), eq(s.relatedParties.personId, attempt.partyPersonId)));
  }
  // `moveStep: false`: the caller moves the step itself (a released claim is deferred, a given-up one
  // fails with its own reason).
  if (attempt.outreachStepId && options.moveStep !== false && (input.outcome === "delivered" || input.outcome === "failed")) {
    // A receipt for a step that has moved on (cancelled before its claim was reconciled, already final)
    // is kept in the ledger; the step changes only where the lifecycle allows it.
    const state = await lockStep(tx, attempt.outreachStepId);
    if (state && canTransition(state, input.outcome)) {
      if (input.outcome === "delivered") await markStepDelivered(tx, attempt.outreachStepId, { now, at });
      else await failStep(tx, attempt.outreachStepId, { reason: input.details.error === "never_reached_provider" ? "never_reached_provider" : "delivery_failed", now, at });
    }
  }
  await writeAudit(tx, actor, {
    action: "contact.outcome",
    entityType: "contact_attempt",
    entityId: attempt.id,
    personId: attempt.personId,
    caseId: attempt.caseId,
    details: { outcome: input.outcome, source },
  }, now);
  return { outcomeId: row!.id };
}
