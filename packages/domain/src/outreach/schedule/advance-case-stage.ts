import type { DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { lockCase } from "../../locks/lock-rows";
import { EnterStage, enterStageInTx, STAGE_KINDS, type StageKind } from "./enter-stage";
import { planOutreachInTx } from "./plan-outreach";

export { STAGE_KINDS, type StageKind };

export const AdvanceCaseStage = EnterStage;
export type AdvanceCaseStage = EnterStage;

/** Moves a case to a stage of its strategy, then plans that stage's steps. */
export async function advanceCaseStage(ctx: DomainContext, rawInput: AdvanceCaseStage): Promise<{ stage: StageKind; cancelled: number; planned: number }> {
  const input = parseInput(AdvanceCaseStage, rawInput);
  return ctx.db.transaction(async (tx) => {
    if (!(await lockCase(tx, input.caseId))) throw new NotFoundError("case", input.caseId);
    const { cancelled } = await enterStageInTx(tx, ctx.actor, ctx.now, input);
    const plan = await planOutreachInTx(tx, ctx.actor, ctx.now, input.caseId);
    return { stage: input.toStage, cancelled, planned: plan.planned };
  });
}
