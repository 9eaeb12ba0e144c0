import { and, asc, eq, inArray, max } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { NotFoundError } from "../../errors";
import { lockRows } from "../../locks/lock-rows";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";

export const CreateStrategyDraft = z.object({ fromStrategyId: z.uuid() });
export type CreateStrategyDraft = z.infer<typeof CreateStrategyDraft>;

/**
 * A new draft version of a strategy, copied from one of its versions (stages and steps). The next version
 * number of the name; an open draft of the same name is returned instead of a second one, so two admins
 * editing the cadence edit the same draft.
 */
export async function createStrategyDraft(ctx: DomainContext, input: CreateStrategyDraft): Promise<{ strategyId: string; version: number; created: boolean }> {
  const admin = requireAdmin(ctx.actor);
  const p = parseInput(CreateStrategyDraft, input);
  return ctx.db.transaction(async (tx) => {
    const [from] = await tx.select().from(schema.strategies).where(eq(schema.strategies.id, p.fromStrategyId));
    if (!from) throw new NotFoundError("strategy", p.fromStrategyId);
    // One draft per name: serialise concurrent "new draft" clicks on the source row.
    const versions = await tx.select({ id: schema.strategies.id }).from(schema.strategies).where(eq(schema.strategies.name, from.name));
    await lockRows(tx, { strategies: versions.map((v) => v.id) });
    const [open] = await tx.select().from(schema.strategies).where(and(eq(schema.strategies.name, from.name), eq(schema.strategies.status, "draft")));
    if (open) return { strategyId: open.id, version: open.version, created: false };
    const [last] = await tx.select({ v: max(schema.strategies.version) }).from(schema.strategies).where(eq(schema.strategies.name, from.name));
    const version = (last?.v ?? 0) + 1;
    const [draft] = await tx.insert(schema.strategies).values({
      clientId: from.clientId, segment: from.segment, name: from.name, version, ruleSet: from.ruleSet, active: true,
      status: "draft", basedOnId: from.id, createdBy: admin.userId, createdAt: ctx.now,
    }).returning({ id: schema.strategies.id });
    const stages = await tx.select().from(schema.strategyStages).where(eq(schema.strategyStages.strategyId, from.id)).orderBy(asc(schema.strategyStages.ordinal));
    const steps = stages.length === 0 ? [] : await tx.select().from(schema.strategySteps).where(inArray(schema.strategySteps.stageId, stages.map((s) => s.id)));
    for (const stage of stages) {
      const [copy] = await tx.insert(schema.strategyStages).values({ strategyId: draft!.id, ordinal: stage.ordinal, kind: stage.kind, entry: stage.entry, exit: stage.exit })
        .returning({ id: schema.strategyStages.id });
      const own = steps.filter((x) => x.stageId === stage.id);
      if (own.length > 0) await tx.insert(schema.strategySteps).values(own.map(({ id: _id, stageId: _stage, ...step }) => ({ ...step, stageId: copy!.id })));
    }
    await writeAudit(tx, ctx.actor, { action: "strategy.draft", entityType: "strategy", entityId: draft!.id, details: { name: from.name, version, basedOn: from.id, basedOnVersion: from.version } }, ctx.now);
    return { strategyId: draft!.id, version, created: true };
  });
}
