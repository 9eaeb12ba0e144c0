import { and, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { ConflictError, NotFoundError } from "../../errors";
import { lockRows } from "../../locks/lock-rows";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";

export const RetireStrategyVersion = z.object({ strategyId: z.uuid() });
export type RetireStrategyVersion = z.infer<typeof RetireStrategyVersion>;

/**
 * Retires an old published version: `active` goes false (the one column of a published version the
 * database lets change), so the planner never gives it to a new case. Cases already on it keep it until a
 * scheduled migration moves them (their stages and steps are immutable, so their cadence is unchanged).
 * Only a version older than its strategy's newest published one: the newest is what new cases get, and
 * retiring it would leave them an older cadence or none.
 */
export async function retireStrategyVersion(ctx: DomainContext, input: RetireStrategyVersion): Promise<{ version: number; openCases: number }> {
  requireAdmin(ctx.actor);
  const p = parseInput(RetireStrategyVersion, input);
  return ctx.db.transaction(async (tx) => {
    await lockRows(tx, { strategies: [p.strategyId] });
    const [row] = await tx.select().from(schema.strategies).where(eq(schema.strategies.id, p.strategyId));
    if (!row) throw new NotFoundError("strategy", p.strategyId);
    if (row.status !== "published") throw new ConflictError("strategy_retire_draft", { version: row.version });
    if (!row.active) throw new ConflictError("strategy_retired_already", { version: row.version });
    const [newest] = await tx.select({ id: schema.strategies.id, version: schema.strategies.version }).from(schema.strategies)
      .where(and(eq(schema.strategies.name, row.name), eq(schema.strategies.status, "published"), eq(schema.strategies.active, true)))
      .orderBy(desc(schema.strategies.version)).limit(1);
    if (newest?.id === row.id) throw new ConflictError("strategy_retire_newest", { version: row.version });
    await tx.update(schema.strategies).set({ active: false }).where(eq(schema.strategies.id, row.id));
    const [open] = await tx.select({ n: count() }).from(schema.cases).where(and(eq(schema.cases.strategyId, row.id), eq(schema.cases.status, "open")));
    const openCases = Number(open?.n ?? 0);
    await writeAudit(tx, ctx.actor, {
      action: "strategy.retire", entityType: "strategy", entityId: row.id,
      details: { name: row.name, version: row.version, newestVersion: newest?.version ?? null, openCases },
    }, ctx.now);
    return { version: row.version, openCases };
  });
}
