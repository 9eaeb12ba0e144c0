import { asc, count, desc, eq, inArray, or } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { requireAdmin } from "../require-admin";

/** Every strategy version with the client it belongs to (none: the rule set's default) and how many
 *  cases run it. */
export async function listStrategiesAdmin(ctx: DomainContext) {
  requireAdmin(ctx.actor);
  const s = schema.strategies;
  const running = ctx.db.select({ strategyId: schema.cases.strategyId, n: count().as("n") }).from(schema.cases)
    .where(eq(schema.cases.status, "open")).groupBy(schema.cases.strategyId).as("r");
  return ctx.db.select({ id: s.id, name: s.name, version: s.version, ruleSet: s.ruleSet, segment: s.segment, active: s.active, status: s.status, client: schema.clients.code, openCases: running.n })
    .from(s).leftJoin(schema.clients, eq(schema.clients.id, s.clientId)).leftJoin(running, eq(running.strategyId, s.id))
    .orderBy(asc(s.name), desc(s.version));
}

/** One strategy version: its stages in order, each with its steps (offset, channel, template); the other
 *  versions of its name (to move cases from) and the migrations scheduled onto or away from it. */
export async function getStrategyAdmin(ctx: DomainContext, strategyId: string) {
  requireAdmin(ctx.actor);
  const [strategy] = await ctx.db.select({ id: schema.strategies.id, name: schema.strategies.name, version: schema.strategies.version, ruleSet: schema.strategies.ruleSet,
    segment: schema.strategies.segment, active: schema.strategies.active, client: schema.clients.code, clientId: schema.strategies.clientId,
    status: schema.strategies.status, publishedAt: schema.strategies.publishedAt, basedOnId: schema.strategies.basedOnId })
    .from(schema.strategies).leftJoin(schema.clients, eq(schema.clients.id, schema.strategies.clientId)).where(eq(schema.strategies.id, strategyId));
  if (!strategy) throw new NotFoundError("strategy", strategyId);
  const stages = await ctx.db.select().from(schema.strategyStages).where(eq(schema.strategyStages.strategyId, strategyId)).orderBy(asc(schema.strategyStages.ordinal));
  const steps = stages.length === 0 ? [] : await ctx.db.select().from(schema.strategySteps)
    .where(inArray(schema.strategySteps.stageId, stages.map((st) => st.id))).orderBy(asc(schema.strategySteps.ordinal));
  const versions = await ctx.db.select({ id: schema.strategies.id, version: schema.strategies.version, status: schema.strategies.status, active: schema.strategies.active })
    .from(schema.strategies).where(eq(schema.strategies.name, strategy.name)).orderBy(desc(schema.strategies.version));
  const m = schema.strategyMigrations;
  const migrations = await ctx.db.select().from(m).where(or(eq(m.toStrategyId, strategyId), eq(m.fromStrategyId, strategyId))).orderBy(desc(m.effectiveAt));
  const versionOf = new Map(versions.map((v) => [v.id, v.version]));
  return {
    strategy, versions,
    migrations: migrations.map((x) => ({ ...x, fromVersion: versionOf.get(x.fromStrategyId) ?? null, toVersion: versionOf.get(x.toStrategyId) ?? null })),
    stages: stages.map((st) => ({ ...st, steps: steps.filter((x) => x.stageId === st.id) })),
  };
}
