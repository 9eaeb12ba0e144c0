import { and, eq, max } from "drizzle-orm";
import { z } from "zod";
import { PURPOSES, RULE_SET_IDS } from "@casebook/compliance";
import { lintTemplate, TEMPLATE_CHANNELS, TEMPLATE_DISCLOSURES } from "@casebook/compliance/template-lint";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { ValidationError } from "../../errors";
import { parseInput } from "../../parse-input";
import { requireAdmin } from "../require-admin";

export const SaveTemplateVersion = z.object({
  code: z.string().trim().regex(/^[a-z0-9_]{3,60}$/, "template_code_format"),
  language: z.enum(["en", "zh-CN"]),
  channel: z.enum(TEMPLATE_CHANNELS),
  ruleSet: z.enum(RULE_SET_IDS),
  purpose: z.enum(PURPOSES),
  discloses: z.enum(TEMPLATE_DISCLOSURES),
  subject: z.string().max(300).nullish(),
  body: z.string().trim().min(1).max(10_000),
});
export type SaveTemplateVersion = z.infer<typeof SaveTemplateVersion>;

/**
 * A new version of a template (a version is never edited: a sent message must be explainable by the
 * text it was rendered from). The lint that runs in the editor runs again here and refuses any error; the
 * declarations the gate reads (opt-out, identity, mini-Miranda) are derived from the text, not ticked.
 * The newest active version is the one outreach uses from now on (findTemplate).
 */
export async function saveTemplateVersion(ctx: DomainContext, input: SaveTemplateVersion): Promise<{ templateId: string; version: number }> {
  requireAdmin(ctx.actor);
  const p = parseInput(SaveTemplateVersion, input);
  if (p.channel === "email" && !p.subject?.trim()) throw new ValidationError("subject", "email_subject_required");
  const lint = lintTemplate({ ...p, subject: p.subject ?? null });
  const firstError = lint.findings.find((f) => f.severity === "error");
  if (firstError) throw new ValidationError("body", "template_lint", { finding: `${firstError.code}${firstError.detail ? ` (${firstError.detail})` : ""}` });
  return ctx.db.transaction(async (tx) => {
    const [last] = await tx.select({ v: max(schema.templates.version) }).from(schema.templates)
      .where(and(eq(schema.templates.code, p.code), eq(schema.templates.language, p.language)));
    const version = (last?.v ?? 0) + 1;
    const [row] = await tx.insert(schema.templates).values({
      code: p.code, version, channel: p.channel, language: p.language, ruleSet: p.ruleSet, purpose: p.purpose,
      subject: p.subject?.trim() || null, body: p.body, discloses: p.discloses,
      hasOptOut: lint.carries.optOut, identifiesCollector: lint.carries.identity, hasMiniMiranda: lint.carries.miniMiranda,
      active: true, createdAt: ctx.now,
    }).returning({ id: schema.templates.id });
    await writeAudit(tx, ctx.actor, {
      action: "template.save_version", entityType: "template", entityId: row!.id,
      details: { code: p.code, language: p.language, version, discloses: p.discloses, warnings: lint.findings.map((f) => f.code) },
    }, ctx.now);
    return { templateId: row!.id, version };
  });
}
