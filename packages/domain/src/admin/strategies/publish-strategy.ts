import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { lintTemplate } from "@casebook/compliance/template-lint";
import { schema, type DbOrTx } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { ValidationError } from "../../errors";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";
import { lockDraft } from "./draft-guard";

export const PublishStrategy = z.object({ strategyId: z.uuid() });
export type PublishStrategy = z.infer<typeof PublishStrategy>;

/** Parties who may never learn of the debt (the same set the ledger window counts as third parties). */
const THIRD_PARTIES = new Set(["third_party", "emergency_contact", "employer"]);

export interface StrategyLintFinding {
  stage: string;
  stepOrdinal: number;
  templateCode: string;
  language: string | null;
  code: string;
  detail?: string;
}

/**
 * The template editor's lint run over every step of a version with the step's own party: a step to an
 * emergency contact whose template discloses the debt is an error here (debt_to_third_party), as is a step
 * whose template does not exist or has any lint error in any of its languages.
 */
export async function lintStrategySteps(db: DbOrTx, strategyId: string): Promise<StrategyLintFinding[]> {
  const stages = await db.select().from(schema.strategyStages).where(eq(schema.strategyStages.strategyId, strategyId)).orderBy(asc(schema.strategyStages.ordinal));
  const steps = stages.length === 0 ? [] : await db.select().from(schema.strategySteps).where(inArray(schema.strategySteps.stageId, stages.map((s) => s.id))).orderBy(asc(schema.strategySteps.ordinal));
  const codes = [...new Set(steps.map((s) => s.templateCode))];
  const templates = codes.length === 0 ? [] : await db.select().from(schema.templates)
    .where(and(inArray(schema.templates.code, codes), eq(schema.templates.active, true))).orderBy(desc(schema.templates.version));
  const findings: StrategyLintFinding[] = [];
  for (const stage of stages) {
    for (const step of steps.filter((x) => x.stageId === stage.id)) {
      const at = { stage: stage.kind, stepOrdinal: step.ordinal, templateCode: step.templateCode };
      // The newest active version of each language: what dispatch would render (findTemplate).
      const newest = new Map<string, (typeof templates)[number]>();
      for (const t of templates) if (t.code === step.templateCode && !newest.has(t.language)) newest.set(t.language, t);
      if (newest.size === 0) {
        findings.push({ ...at, language: null, code: "template_missing" });
        continue;
      }
      for (const t of newest.values()) {
        const lint = lintTemplate({
          channel: t.channel === "visit" ? "letter" : t.channel, language: t.language, ruleSet: t.ruleSet, discloses: t.discloses, purpose: t.purpose,
          subject: t.subject, body: t.body, audience: THIRD_PARTIES.has(step.partyRole) ? "third_party" : "consumer",
        });
        for (const f of lint.findings) if (f.severity === "error") findings.push({ ...at, language: t.language, code: f.code, ...(f.detail ? { detail: f.detail } : {}) });
      }
    }
  }
  return findings;
}

/**
 * Publishes a draft: from then on it is immutable (the database refuses any change) and new cases of its
 * rule set and client are planned with it; open cases keep the version they run until a scheduled
 * migration moves them. Refused while any step fails the lint.
 */
export async function publishStrategy(ctx: DomainContext, input: PublishStrategy): Promise<{ version: number }> {
  requireAdmin(ctx.actor);
  const p = parseInput(PublishStrategy, input);
  return ctx.db.transaction(async (tx) => {
    const draft = await lockDraft(tx, p.strategyId);
    const findings = await lintStrategySteps(tx, draft.id);
    const first = findings[0];
    if (first) {
      throw new ValidationError("strategy", "strategy_lint", {
        stage: first.stage, step: first.stepOrdinal, template: first.templateCode, language: first.language ?? "—",
        finding: `${first.code}${first.detail ? ` (${first.detail})` : ""}`, count: findings.length,
      });
    }
    const [steps] = await tx.select({ id: schema.strategySteps.id }).from(schema.strategySteps)
      .innerJoin(schema.strategyStages, eq(schema.strategyStages.id, schema.strategySteps.stageId)).where(eq(schema.strategyStages.strategyId, draft.id)).limit(1);
    if (!steps) throw new ValidationError("strategy", "strategy_empty");
    await tx.update(schema.strategies).set({ status: "published", publishedAt: ctx.now }).where(eq(schema.strategies.id, draft.id));
    await writeAudit(tx, ctx.actor, { action: "strategy.publish", entityType: "strategy", entityId: draft.id, details: { name: draft.name, version: draft.version, basedOn: draft.basedOnId } }, ctx.now);
    return { version: draft.version };
  });
}
