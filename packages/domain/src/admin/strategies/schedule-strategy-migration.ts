import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { lockRows } from "../../locks/lock-rows";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";

export const ScheduleStrategyMigration = z.object({
  fromStrategyId: z.uuid(),
  toStrategyId: z.uuid(),
  /** Default: at once (the planner's next walk). Never in the past. */
  effectiveAt: z.date().optional(),
});
export type ScheduleStrategyMigration = z.infer<typeof ScheduleStrategyMigration>;

/**
 * Schedules the move of every open case running one published version onto another published version of
 * the same strategy, on a chosen instant. Until then the cases keep the version they were planned with;
 * the planner moves them when it is due (applyDueStrategyMigrations).
 */
export async function scheduleStrategyMigration(ctx: DomainContext, input: ScheduleStrategyMigration): Promise<{ migrationId: string; effectiveAt: Date }> {
  const admin = requireAdmin(ctx.actor);
  const p = parseInput(ScheduleStrategyMigration, input);
  const effectiveAt = p.effectiveAt ?? ctx.now;
  if (effectiveAt.getTime() < ctx.now.getTime() - 60_000) throw new ValidationError("effectiveAt", "strategy_migration_past");
  if (p.fromStrategyId === p.toStrategyId) throw new ValidationError("fromStrategyId", "strategy_migration_same");
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.select().from(schema.strategies).where(inArray(schema.strategies.id, [p.fromStrategyId, p.toStrategyId]));
    const from = rows.find((r) => r.id === p.fromStrategyId);
    const to = rows.find((r) => r.id === p.toStrategyId);
    if (!from) throw new NotFoundError("strategy", p.fromStrategyId);
    if (!to) throw new NotFoundError("strategy", p.toStrategyId);
    if (from.status !== "published" || to.status !== "published" || from.name !== to.name) throw new ValidationError("fromStrategyId", "strategy_migration_target");
    // A retired version is given to no new case: moving cases onto it would undo the retirement.
    if (!to.active) throw new ConflictError("strategy_migration_retired");
    const [row] = await tx.insert(schema.strategyMigrations).values({ fromStrategyId: from.id, toStrategyId: to.id, effectiveAt, createdBy: admin.userId, createdAt: ctx.now })
      .returning({ id: schema.strategyMigrations.id });
    await writeAudit(tx, ctx.actor, {
      action: "strategy.migration_schedule", entityType: "strategy", entityId: to.id,
      details: { migrationId: row!.id, fromVersion: from.version, toVersion: to.version, effectiveAt: effectiveAt.toISOString() },
    }, ctx.now);
    return { migrationId: row!.id, effectiveAt };
  });
}

/** Cancels a scheduled migration that has not run yet. */
export async function cancelStrategyMigration(ctx: DomainContext, input: { migrationId: string }): Promise<void> {
  requireAdmin(ctx.actor);
  const p = parseInput(z.object({ migrationId: z.uuid() }), input);
  await ctx.db.transaction(async (tx) => {
    await lockRows(tx, { strategyMigrations: [p.migrationId] });
    const [m] = await tx.select().from(schema.strategyMigrations).where(eq(schema.strategyMigrations.id, p.migrationId));
    if (!m) throw new NotFoundError("strategy_migration", p.migrationId);
    if (m.appliedAt || m.cancelledAt) throw new ValidationError("migrationId", "strategy_migration_done");
    await tx.update(schema.strategyMigrations).set({ cancelledAt: ctx.now }).where(eq(schema.strategyMigrations.id, m.id));
    await writeAudit(tx, ctx.actor, { action: "strategy.migration_cancel", entityType: "strategy", entityId: m.toStrategyId, details: { migrationId: m.id } }, ctx.now);
  });
}
