import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../../context";
import { writeAudit } from "../../../audit";
import { NotFoundError, ValidationError } from "../../../errors";
import { parseInput } from "../../../parse-input";
import { requireAdmin } from "../../require-admin";
import { loadPortfolioSample } from "./load-sample";
import { simulateStrategy, type SimStrategy, type WhatIfResult } from "./simulate-strategy";

export const WhatIfStrategy = z.object({
  strategyId: z.uuid(),
  /** The version to put next to it; default: the version it was drafted from, else the newest other published one. */
  compareWithId: z.uuid().optional(),
  /** Only this client's cases (default: every client of the strategy's rule set, or the strategy's own client). */
  clientId: z.uuid().optional(),
  cases: z.number().int().min(1).max(10_000).default(1_000),
  weeks: z.number().int().min(1).max(12).default(6),
});
export type WhatIfStrategy = z.input<typeof WhatIfStrategy>;

export interface WhatIfReport {
  start: Date;
  weeks: number;
  /** Cases in the sample, and how long reading and simulating took (ms). */
  sample: { cases: number; persons: number; readMs: number; simulateMs: number };
  result: WhatIfResult;
  compare: (WhatIfResult & { version: number }) | null;
}

async function loadStrategy(ctx: DomainContext, id: string): Promise<SimStrategy & { row: typeof schema.strategies.$inferSelect }> {
  const [row] = await ctx.db.select().from(schema.strategies).where(eq(schema.strategies.id, id));
  if (!row) throw new NotFoundError("strategy", id);
  const stages = await ctx.db.select().from(schema.strategyStages).where(eq(schema.strategyStages.strategyId, id)).orderBy(asc(schema.strategyStages.ordinal));
  const steps = stages.length === 0 ? [] : await ctx.db.select().from(schema.strategySteps).where(inArray(schema.strategySteps.stageId, stages.map((s) => s.id))).orderBy(asc(schema.strategySteps.ordinal));
  return { id, row, stages: stages.map((st) => ({ ...st, steps: steps.filter((x) => x.stageId === st.id) })) };
}

/**
 * What a strategy version would do to the real portfolio before it goes live: a sample of open cases read
 * set-wise, then `weeks` of simulated time in memory for this version and the one it is compared with,
 * each step put to the real rules engine (simulateStrategy). Nothing is written but the audit event of
 * the run (no decision, step or ledger row).
 */
export async function whatIfStrategy(ctx: DomainContext, input: WhatIfStrategy): Promise<WhatIfReport> {
  requireAdmin(ctx.actor);
  const p = parseInput(WhatIfStrategy, input);
  const strategy = await loadStrategy(ctx, p.strategyId);
  let compareId = p.compareWithId ?? strategy.row.basedOnId ?? undefined;
  if (!compareId) {
    const [other] = await ctx.db.select({ id: schema.strategies.id }).from(schema.strategies)
      .where(and(eq(schema.strategies.name, strategy.row.name), eq(schema.strategies.status, "published"), ne(schema.strategies.id, strategy.id))).orderBy(desc(schema.strategies.version)).limit(1);
    compareId = other?.id;
  }
  const compare = compareId ? await loadStrategy(ctx, compareId) : null;

  const started = ctx.clock();
  const sample = await loadPortfolioSample(ctx.db, { ruleSet: strategy.row.ruleSet, clientId: p.clientId ?? strategy.row.clientId, limit: p.cases, start: ctx.now });
  if (sample.cases.length === 0) throw new ValidationError("cases", "whatif_no_cases");
  const codes = [...new Set([strategy, ...(compare ? [compare] : [])].flatMap((x) => x.stages.flatMap((st) => st.steps.map((step) => step.templateCode))))];
  const templateRows = codes.length === 0 ? [] : await ctx.db.select().from(schema.templates)
    .where(and(inArray(schema.templates.code, codes), eq(schema.templates.active, true))).orderBy(desc(schema.templates.version));
  const templates = new Map<string, Map<string, (typeof templateRows)[number]>>();
  for (const t of templateRows) {
    const byLanguage = templates.get(t.code) ?? new Map();
    if (!byLanguage.has(t.language)) byLanguage.set(t.language, t);
    templates.set(t.code, byLanguage);
  }
  const read = ctx.clock();
  const result = simulateStrategy(sample, strategy, templates, ctx.now, p.weeks);
  const other = compare ? { ...simulateStrategy(sample, compare, templates, ctx.now, p.weeks), version: compare.row.version } : null;
  const done = ctx.clock();

  await writeAudit(ctx.db, ctx.actor, {
    action: "strategy.what_if", entityType: "strategy", entityId: strategy.id,
    details: { cases: sample.cases.length, weeks: p.weeks, clientId: p.clientId ?? null, compareWith: compareId ?? null },
  }, ctx.now);
  return {
    start: ctx.now, weeks: p.weeks,
    sample: { cases: sample.cases.length, persons: sample.persons.size, readMs: read.getTime() - started.getTime(), simulateMs: done.getTime() - read.getTime() },
    result, compare: other,
  };
}
