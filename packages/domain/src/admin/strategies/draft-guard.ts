import { eq } from "drizzle-orm";
import { schema, type Tx } from "@casebook/db";
import { ConflictError, NotFoundError } from "../../errors";
import { lockRows } from "../../locks/lock-rows";

/** The strategy row, locked (an edit and a publish of the same draft never interleave), refused unless a
 *  draft. The database refuses the change anyway (migration 0013); this gives the editor a clear error. */
export async function lockDraft(tx: Tx, strategyId: string) {
  await lockRows(tx, { strategies: [strategyId] });
  const [row] = await tx.select().from(schema.strategies).where(eq(schema.strategies.id, strategyId));
  if (!row) throw new NotFoundError("strategy", strategyId);
  if (row.status !== "draft") throw new ConflictError("strategy_published", { version: row.version });
  return row;
}

/** The draft a stage belongs to, locked. */
export async function lockDraftOfStage(tx: Tx, stageId: string) {
  const [stage] = await tx.select().from(schema.strategyStages).where(eq(schema.strategyStages.id, stageId));
  if (!stage) throw new NotFoundError("strategy_stage", stageId);
  return { stage, strategy: await lockDraft(tx, stage.strategyId) };
}

/** The draft a step belongs to, locked. */
export async function lockDraftOfStep(tx: Tx, stepId: string) {
  const [step] = await tx.select().from(schema.strategySteps).where(eq(schema.strategySteps.id, stepId));
  if (!step) throw new NotFoundError("strategy_step", stepId);
  return { step, ...(await lockDraftOfStage(tx, step.stageId)) };
}
