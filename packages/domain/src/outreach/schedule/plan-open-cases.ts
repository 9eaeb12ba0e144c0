import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { planCasesSet } from "./plan-cases-set";
import { applyDueStrategyMigrations } from "./apply-strategy-migrations";

export const PlanOpenCases = z.object({
  after: z.uuid().optional(),
  limit: z.number().int().positive().max(20_000).default(500),
});
export type PlanOpenCases = z.input<typeof PlanOpenCases>;

export interface PlanOpenCasesResult {
  cases: number;
  planned: number;
  /** The cursor for the next page; null when the walk is done. */
  next: string | null;
}

/**
 * One page of the planner's walk over open cases (keyset on the case id), planned as a set in one
 * transaction (planCasesSet: the per-case planner's decisions, read and written set-wise), so a new
 * placement gets its strategy and stage, a case crossing a DPD boundary moves to its next stage, and
 * every case is topped up to the planner's horizon (PLAN_HORIZON_MS). Run by the worker's scheduler;
 * `onNext`, when given, receives the next page's cursor before this page is planned.
 */
export async function planOpenCases(ctx: DomainContext, rawInput: PlanOpenCases = {}, onNext?: (next: string) => Promise<void>): Promise<PlanOpenCasesResult> {
  const input = parseInput(PlanOpenCases, rawInput);
  // A walk starts by moving the cases of strategy migrations that fell due (before they are planned again).
  if (!input.after) await applyDueStrategyMigrations(ctx);
  const page = await ctx.db
    .select({ id: s.cases.id })
    .from(s.cases)
    .where(and(eq(s.cases.status, "open"), input.after ? gt(s.cases.id, input.after) : undefined))
    .orderBy(asc(s.cases.id))
    .limit(input.limit);
  const next = page.length === input.limit ? page[page.length - 1]!.id : null;
  // The next page is handed on before this one is planned, so the worker plans pages side by side (one
  // per core, each its own transaction; their person → case locks, each set sorted, never wait in a circle).
  if (next && onNext) await onNext(next);
  const { planned } = await planCasesSet(ctx, page.map((c) => c.id));
  return { cases: page.length, planned, next };
}
