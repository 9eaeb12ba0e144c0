import { and, eq, max } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";
import { lockDraftOfStage, lockDraftOfStep } from "./draft-guard";
import { StrategyStageInput, StrategyStepInput } from "./strategy-step-input";

// The draft editor's verbs: each locks the draft (refused once published), changes one stage or step and
// audits the change with its before and after (no personal data: a cadence is configuration).

export const UpdateStrategyStep = z.object({ stepId: z.uuid(), step: StrategyStepInput });
export type UpdateStrategyStep = z.input<typeof UpdateStrategyStep>;

export async function updateStrategyStep(ctx: DomainContext, input: UpdateStrategyStep): Promise<void> {
  requireAdmin(ctx.actor);
  const p = parseInput(UpdateStrategyStep, input);
  await ctx.db.transaction(async (tx) => {
    const { step, strategy } = await lockDraftOfStep(tx, p.stepId);
    await tx.update(schema.strategySteps).set(p.step).where(eq(schema.strategySteps.id, step.id));
    const { id: _id, stageId: _stage, ordinal: _o, ...before } = step;
    await writeAudit(tx, ctx.actor, { action: "strategy.step_update", entityType: "strategy", entityId: strategy.id, details: { stepId: step.id, before, after: p.step } }, ctx.now);
  });
}

export const AddStrategyStep = z.object({ stageId: z.uuid(), step: StrategyStepInput });
export type AddStrategyStep = z.input<typeof AddStrategyStep>;

export async function addStrategyStep(ctx: DomainContext, input: AddStrategyStep): Promise<{ stepId: string }> {
  requireAdmin(ctx.actor);
  const p = parseInput(AddStrategyStep, input);
  return ctx.db.transaction(async (tx) => {
    const { stage, strategy } = await lockDraftOfStage(tx, p.stageId);
    const [last] = await tx.select({ o: max(schema.strategySteps.ordinal) }).from(schema.strategySteps).where(eq(schema.strategySteps.stageId, stage.id));
    const [row] = await tx.insert(schema.strategySteps).values({ ...p.step, stageId: stage.id, ordinal: (last?.o ?? 0) + 1 }).returning({ id: schema.strategySteps.id });
    await writeAudit(tx, ctx.actor, { action: "strategy.step_add", entityType: "strategy", entityId: strategy.id, details: { stepId: row!.id, stage: stage.kind, after: p.step } }, ctx.now);
    return { stepId: row!.id };
  });
}

export const RemoveStrategyStep = z.object({ stepId: z.uuid() });
export type RemoveStrategyStep = z.infer<typeof RemoveStrategyStep>;

export async function removeStrategyStep(ctx: DomainContext, input: RemoveStrategyStep): Promise<void> {
  requireAdmin(ctx.actor);
  const p = parseInput(RemoveStrategyStep, input);
  await ctx.db.transaction(async (tx) => {
    const { step, strategy } = await lockDraftOfStep(tx, p.stepId);
    await tx.delete(schema.strategySteps).where(and(eq(schema.strategySteps.id, step.id)));
    const { id: _id, stageId: _stage, ...before } = step;
    await writeAudit(tx, ctx.actor, { action: "strategy.step_remove", entityType: "strategy", entityId: strategy.id, details: { stepId: step.id, before } }, ctx.now);
  });
}

export const UpdateStrategyStage = z.object({ stageId: z.uuid(), stage: StrategyStageInput });
export type UpdateStrategyStage = z.input<typeof UpdateStrategyStage>;

/** A draft stage's entry by DPD and its stop conditions (the events that end it, a DPD above which it ends). */
export async function updateStrategyStage(ctx: DomainContext, input: UpdateStrategyStage): Promise<void> {
  requireAdmin(ctx.actor);
  const p = parseInput(UpdateStrategyStage, input);
  await ctx.db.transaction(async (tx) => {
    const { stage, strategy } = await lockDraftOfStage(tx, p.stageId);
    const entry = { ...(stage.entry.onEvents ? { onEvents: stage.entry.onEvents } : {}), ...(p.stage.dpdMin !== null ? { dpdMin: p.stage.dpdMin } : {}), ...(p.stage.dpdMax !== null ? { dpdMax: p.stage.dpdMax } : {}) };
    const exit = { onEvents: p.stage.stopEvents, ...(p.stage.dpdAbove !== null ? { dpdAbove: p.stage.dpdAbove } : {}) };
    await tx.update(schema.strategyStages).set({ entry, exit }).where(eq(schema.strategyStages.id, stage.id));
    await writeAudit(tx, ctx.actor, { action: "strategy.stage_update", entityType: "strategy", entityId: strategy.id, details: { stageId: stage.id, kind: stage.kind, before: { entry: stage.entry, exit: stage.exit }, after: { entry, exit } } }, ctx.now);
  });
}
