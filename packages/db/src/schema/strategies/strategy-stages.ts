import { index, integer, jsonb, pgTable, uuid } from "drizzle-orm/pg-core";
import { id } from "../_shared/columns";
import { stageKind } from "../_shared/enums";
import { strategies } from "./strategies";

export type CaseEvent =
  | "promise_broken" | "installment_missed" | "promise_made" | "plan_created" | "paid_in_full" | "dispute_opened"
  | "hold_placed" | "verification_sent" | "hold_released";

export interface StageEntry {
  dpdMin?: number;
  dpdMax?: number;
  onEvents?: CaseEvent[];
}
/**
 * The stage schedule, defined once (issue 12): the stage a case with `dpd` days past due belongs in is
 * the LAST of the strategy's stages (in ordinal order) whose entry range holds `dpd`; a stage entered
 * only by events (no dpdMin/dpdMax) is never chosen by days. Undefined when no stage's range holds it
 * (e.g. more than a week before the due date). The planner moves cases forward with it; the seed
 * writes the stage the planner would have reached.
 */
export function stageForDpd<S extends { entry: StageEntry }>(stagesInOrder: readonly S[], dpd: number): S | undefined {
  for (let i = stagesInOrder.length - 1; i >= 0; i--) {
    const { dpdMin, dpdMax } = stagesInOrder[i]!.entry;
    if (dpdMin === undefined && dpdMax === undefined) continue;
    if ((dpdMin === undefined || dpd >= dpdMin) && (dpdMax === undefined || dpd <= dpdMax)) return stagesInOrder[i];
  }
  return undefined;
}

export interface StageExit {
  onEvents: CaseEvent[];
  dpdAbove?: number;
}

export const strategyStages = pgTable(
  "strategy_stages",
  {
    id: id(),
    strategyId: uuid().notNull().references(() => strategies.id),
    ordinal: integer().notNull(),
    kind: stageKind().notNull(),
    entry: jsonb().$type<StageEntry>().notNull(),
    exit: jsonb().$type<StageExit>().notNull(),
  },
  (t) => [index().on(t.strategyId, t.ordinal)],
);
