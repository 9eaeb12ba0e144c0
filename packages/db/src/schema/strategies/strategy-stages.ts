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
