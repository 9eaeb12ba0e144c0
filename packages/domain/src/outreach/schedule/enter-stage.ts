import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { schema as s, type Tx } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { Actor } from "../../context";
import { NotFoundError } from "../../errors";
import { lockCase } from "../../locks/lock-rows";
import { cancelOpenSteps } from "./steps";

export const STAGE_KINDS = ["pre_due", "first_reminder", "follow_up", "legal"] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const EnterStage = z.object({
  caseId: z.uuid(),
  toStage: z.enum(STAGE_KINDS),
  reason: z.string().min(1).max(100),
});
export type EnterStage = z.infer<typeof EnterStage>;

/**
 * Enters a stage (under the case's person → case locks): steps of the other stages that have not been
 * claimed are cancelled; legal escalation moves the case to the legal queue and stops automated calls.
 */
export async function enterStageInTx(tx: Tx, actor: Actor, now: Date, input: EnterStage): Promise<{ cancelled: number }> {
  await lockCase(tx, input.caseId);
  const [c] = await tx.select().from(s.cases).where(eq(s.cases.id, input.caseId));
  if (!c) throw new NotFoundError("case", input.caseId);
  let cancelled = 0;
  const stageStepIds = c.strategyId
    ? (
        await tx
          .select({ id: s.strategySteps.id })
          .from(s.strategySteps)
          .innerJoin(s.strategyStages, eq(s.strategySteps.stageId, s.strategyStages.id))
          .where(and(eq(s.strategyStages.strategyId, c.strategyId), eq(s.strategyStages.kind, input.toStage)))
      ).map((r) => r.id)
    : [];
  cancelled += await cancelOpenSteps(tx, {
    caseIds: [c.id],
    reason: "stage_changed",
    now,
    where: and(eq(s.outreachSteps.kind, "cadence"), stageStepIds.length > 0 ? notInArray(s.outreachSteps.strategyStepId, stageStepIds) : sql`true`),
  });
  const legal = input.toStage === "legal";
  if (legal) {
    // Legal escalation: automated calls stop; the legal team works the case from its queue.
    cancelled += await cancelOpenSteps(tx, { caseIds: [c.id], reason: "stage_changed", now, where: and(eq(s.outreachSteps.autodialed, true), inArray(s.outreachSteps.channel, ["call", "voicemail"])) });
  }
  await tx
    .update(s.cases)
    .set({ stage: input.toStage, stageEnteredAt: now, ...(legal ? { queue: "legal" as const } : {}) })
    .where(eq(s.cases.id, c.id));
  await writeAudit(tx, actor, {
    action: "case.stage",
    entityType: "case",
    entityId: c.id,
    personId: c.personId,
    caseId: c.id,
    details: { from: c.stage, to: input.toStage, reason: input.reason, cancelledSteps: cancelled },
  }, now);
  return { cancelled };
}
