import { and, asc, eq, gt, isNull, isNotNull, lte } from "drizzle-orm";
import { schema as s } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { lockCase } from "../../locks/lock-rows";
import { cancelOpenSteps } from "./steps";
import { planOutreachInTx } from "./plan-outreach";

const PAGE = 200;

/**
 * The planner's part of a strategy migration (admin/strategies/schedule-strategy-migration.ts): once its
 * instant has come, every open case still on the old version moves to the new one, each in its own small
 * transaction under the case lock: the old version's open cadence steps are cancelled (strategy_changed),
 * the case points at the new version, it is planned again from it, and the move is audited on the case.
 * A case that moved already (or closed) is skipped, so a walk interrupted half-way is simply run again.
 */
export async function applyDueStrategyMigrations(ctx: DomainContext): Promise<{ migrations: number; moved: number }> {
  const due = await ctx.db.select().from(s.strategyMigrations)
    .where(and(isNull(s.strategyMigrations.appliedAt), isNull(s.strategyMigrations.cancelledAt), lte(s.strategyMigrations.effectiveAt, ctx.now)))
    .orderBy(asc(s.strategyMigrations.effectiveAt));
  let moved = 0;
  for (const m of due) {
    let after: string | undefined;
    let movedHere = 0;
    for (;;) {
      const page = await ctx.db.select({ id: s.cases.id }).from(s.cases)
        .where(and(eq(s.cases.strategyId, m.fromStrategyId), eq(s.cases.status, "open"), after ? gt(s.cases.id, after) : undefined))
        .orderBy(asc(s.cases.id)).limit(PAGE);
      for (const { id } of page) {
        const didMove = await ctx.db.transaction(async (tx) => {
          if (!(await lockCase(tx, id))) return false;
          const [c] = await tx.select().from(s.cases).where(eq(s.cases.id, id));
          if (!c || c.status !== "open" || c.strategyId !== m.fromStrategyId) return false;
          const cancelled = await cancelOpenSteps(tx, { caseIds: [id], reason: "strategy_changed", now: ctx.now, where: and(eq(s.outreachSteps.kind, "cadence"), isNotNull(s.outreachSteps.strategyStepId)) });
          await tx.update(s.cases).set({ strategyId: m.toStrategyId }).where(eq(s.cases.id, id));
          await writeAudit(tx, ctx.actor, { action: "case.strategy_migrated", entityType: "case", entityId: id, caseId: id, personId: c.personId, details: { migrationId: m.id, from: m.fromStrategyId, to: m.toStrategyId, cancelledSteps: cancelled } }, ctx.now);
          await planOutreachInTx(tx, ctx.actor, ctx.now, id);
          return true;
        });
        if (didMove) movedHere++;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    await ctx.db.update(s.strategyMigrations).set({ appliedAt: ctx.now, movedCases: movedHere }).where(eq(s.strategyMigrations.id, m.id));
    moved += movedHere;
  }
  return { migrations: due.length, moved };
}
