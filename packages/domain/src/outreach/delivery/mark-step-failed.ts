import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { markForReconciliation } from "./dispatch-step";

export const MarkStepFailed = z.object({ stepId: z.uuid(), error: z.string().max(200) });
export type MarkStepFailed = z.infer<typeof MarkStepFailed>;

/** A dispatch job that exhausted its retries (dead letter): an unclaimed step fails; a claimed one
 *  may have been sent, so it goes to reconciliation instead. */
export async function markStepFailed(ctx: DomainContext, rawInput: MarkStepFailed): Promise<{ state: string }> {
  const input = parseInput(MarkStepFailed, rawInput);
  const step = await ctx.db.query.outreachSteps.findFirst({ where: eq(s.outreachSteps.id, input.stepId) });
  if (!step) return { state: "missing" };
  if (step.state === "claimed") {
    await markForReconciliation(ctx, step, input.error);
    return { state: "reconcile" };
  }
  if (step.state !== "planned" && step.state !== "deferred") return { state: step.state };
  await ctx.db.transaction(async (tx) => {
    await tx.update(s.outreachSteps).set({ state: "failed", lastError: input.error, finishedAt: ctx.now, updatedAt: ctx.now }).where(eq(s.outreachSteps.id, step.id));
    await writeAudit(tx, ctx.actor, { action: "outreach.step_failed", entityType: "outreach_step", entityId: step.id, caseId: step.caseId, personId: step.personId, details: { reason: input.error } }, ctx.now);
  });
  return { state: "failed" };
}
