import { and, eq, isNull, lte } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "./case-access";
import { recordOutcomeInTx } from "../outreach/delivery/record-outcome";
import { reprioritiseIn } from "./reprioritise-cases";

export const CALL_OUTCOMES = ["no_answer", "voicemail", "conversation", "wrong_party", "not_connected", "refused"] as const;

export const RecordCallOutcome = z.object({
  attemptId: z.uuid(),
  outcome: z.enum(CALL_OUTCOMES),
  identityStatementGiven: z.boolean().default(false),
  miniMirandaGiven: z.boolean().default(false),
  durationSeconds: z.coerce.number().int().nonnegative().optional(),
});
export type RecordCallOutcome = z.input<typeof RecordCallOutcome>;

/** Rule sets that need the mini-Miranda in a conversation with the consumer (US-REGF-MM). */
const NEEDS_MINI_MIRANDA = new Set(["US-FDCPA", "US-MA"]);

export function outcomeChecklist(ruleSet: string, thirdParty: boolean): { identity: boolean; miniMiranda: boolean } {
  // Every collector identifies themselves (CN-ID, Reg F); the mini-Miranda is for the consumer only:
  // saying it to a third party would disclose the debt.
  return { identity: true, miniMiranda: !thirdParty && NEEDS_MINI_MIRANDA.has(ruleSet) };
}

/** The agent's outcome of a call they started: a new contact_outcomes row (the ledger is append-only). */
export async function recordCallOutcome(ctx: DomainContext, input: RecordCallOutcome): Promise<{ outcomeId: string }> {
  const p = parseInput(RecordCallOutcome, input);
  return ctx.db.transaction(async (tx) => {
    const [attempt] = await tx.select().from(schema.contactAttempts).where(eq(schema.contactAttempts.id, p.attemptId));
    if (!attempt) throw new NotFoundError("contact attempt", p.attemptId);
    const c = await loadCaseForActor(tx, ctx.actor, attempt.caseId, { work: true });
    if (attempt.channel !== "call") throw new ValidationError("attemptId", "not_a_call");
    const [client] = await tx.select({ ruleSet: schema.clients.ruleSet }).from(schema.clients).where(eq(schema.clients.id, c.clientId));
    const thirdParty = attempt.partyPersonId !== attempt.personId;
    const need = outcomeChecklist(client?.ruleSet ?? "US-FDCPA", thirdParty);
    if (p.outcome === "conversation" || p.outcome === "refused") {
      if (need.identity && !p.identityStatementGiven) throw new ValidationError("identityStatementGiven", "identity_statement_required");
      if (need.miniMiranda && p.outcome === "conversation" && !p.miniMirandaGiven) throw new ValidationError("miniMirandaGiven", "mini_miranda_required");
    }
    const result = await recordOutcomeInTx(tx, ctx.actor, ctx.now, {
      attemptId: attempt.id, outcome: p.outcome, source: "agent",
      details: { identityStatementGiven: p.identityStatementGiven, miniMirandaGiven: p.miniMirandaGiven, ...(p.durationSeconds !== undefined ? { durationSeconds: p.durationSeconds } : {}) },
    });
    if (!thirdParty && p.outcome !== "not_connected") {
      // The booked callback has been made: it no longer holds the case at the top of the queue.
      const soon = new Date(ctx.now.getTime() + 30 * 60_000);
      await tx.update(schema.callbacks).set({ doneAt: ctx.now })
        .where(and(eq(schema.callbacks.caseId, c.id), isNull(schema.callbacks.doneAt), lte(schema.callbacks.dueAt, soon)));
      if (c.callbackAt && c.callbackAt <= soon) await tx.update(schema.cases).set({ callbackAt: null }).where(eq(schema.cases.id, c.id));
    }
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return result;
  });
}
