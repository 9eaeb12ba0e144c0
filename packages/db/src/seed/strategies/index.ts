import { and, eq, isNull } from "drizzle-orm";
import { type DbOrTx } from "../../client";
import { strategies, strategyStages, strategySteps, templates } from "../../schema";
import { CN_CONSUMER, US_CONSUMER, type StrategySeed } from "./strategies";
import { TEMPLATE_SEEDS } from "./templates";

export { CN_CONSUMER, US_CONSUMER, TEMPLATE_SEEDS };

export interface SeededStrategies {
  /** Strategy ids by rule set: "US-FDCPA" (US consumer), "CN-CBA" (China consumer). */
  strategyIds: Record<"US-FDCPA" | "CN-CBA", string>;
  /** Template ids by `${code}:${language}`. */
  templateIds: Map<string, string>;
}

async function seedStrategy(db: DbOrTx, seed: StrategySeed): Promise<string> {
  const existing = await db.query.strategies.findFirst({
    where: and(eq(strategies.name, seed.name), eq(strategies.version, seed.version), isNull(strategies.clientId)),
  });
  if (existing) return existing.id;
  const [row] = await db
    .insert(strategies)
    .values({ clientId: null, segment: seed.segment, name: seed.name, version: seed.version, ruleSet: seed.ruleSet, active: true })
    .onConflictDoNothing()
    .returning({ id: strategies.id });
  if (!row) {
    const raced = await db.query.strategies.findFirst({ where: and(eq(strategies.name, seed.name), eq(strategies.version, seed.version)) });
    return raced!.id;
  }
  for (const [i, stage] of seed.stages.entries()) {
    const [st] = await db.insert(strategyStages).values({ strategyId: row.id, ordinal: i + 1, kind: stage.kind, entry: stage.entry, exit: stage.exit }).returning({ id: strategyStages.id });
    await db.insert(strategySteps).values(stage.steps.map((step, j) => ({ ...step, stageId: st!.id, ordinal: j + 1 })));
  }
  // Written as a draft, published once whole: from here on the database refuses any change to it.
  await db.update(strategies).set({ status: "published", publishedAt: new Date() }).where(eq(strategies.id, row.id));
  return row.id;
}

/**
 * Inserts the two default strategies (US consumer, China consumer) and their templates in `en` and
 * `zh-CN`. Idempotent: a strategy (name, version) or template (code, language, version) already
 * present is left as it is.
 */
export async function seedStrategiesAndTemplates(db: DbOrTx): Promise<SeededStrategies> {
  await db.insert(templates).values(TEMPLATE_SEEDS).onConflictDoNothing();
  const rows = await db.select({ id: templates.id, code: templates.code, language: templates.language, version: templates.version }).from(templates);
  const templateIds = new Map<string, string>();
  for (const r of rows.sort((a, b) => a.version - b.version)) templateIds.set(`${r.code}:${r.language}`, r.id);
  const us = await seedStrategy(db, US_CONSUMER);
  const cn = await seedStrategy(db, CN_CONSUMER);
  return { strategyIds: { "US-FDCPA": us, "CN-CBA": cn }, templateIds };
}
