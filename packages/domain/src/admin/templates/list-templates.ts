import { and, asc, desc, eq } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { requireAdmin } from "../require-admin";

/** The newest version of every template, per code and language. */
export async function listTemplates(ctx: DomainContext) {
  requireAdmin(ctx.actor);
  const rows = await ctx.db.select({
    id: schema.templates.id, code: schema.templates.code, language: schema.templates.language, version: schema.templates.version,
    channel: schema.templates.channel, ruleSet: schema.templates.ruleSet, purpose: schema.templates.purpose, discloses: schema.templates.discloses,
  }).from(schema.templates).orderBy(asc(schema.templates.code), asc(schema.templates.language), desc(schema.templates.version));
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.code}/${r.language}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The newest version of one template, for the editor. */
export async function getTemplateForEdit(ctx: DomainContext, code: string, language: "en" | "zh-CN") {
  requireAdmin(ctx.actor);
  const [row] = await ctx.db.select().from(schema.templates)
    .where(and(eq(schema.templates.code, code), eq(schema.templates.language, language))).orderBy(desc(schema.templates.version)).limit(1);
  if (!row) throw new NotFoundError("template", `${code}/${language}`);
  return row;
}
