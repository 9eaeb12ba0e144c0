import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { PURPOSES, RULE_SET_IDS } from "@casebook/compliance";
import { TEMPLATE_CHANNELS, TEMPLATE_DISCLOSURES } from "@casebook/compliance/template-lint";
import { getTemplateForEdit, listPreviewCases } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { TemplateEditor, type TemplateDraft } from "./template-editor";

const BLANK: TemplateDraft = { code: "", language: "en", channel: "sms", ruleSet: "US-FDCPA", purpose: "collection", discloses: "debt", subject: "", body: "" };

/** The editor: a new template, or a new version of an existing one (?code=…&language=…). */
export default async function TemplateEditPage({ searchParams }: { searchParams: Promise<{ code?: string; language?: string }> }) {
  const user = await requireRole("admin");
  const ctx = await contextFor(user);
  const q = await searchParams;
  const language = q.language === "zh-CN" ? "zh-CN" : "en";
  const existing = q.code ? await getTemplateForEdit(ctx, q.code, language).catch(throwForPage) : null;
  const cases = await listPreviewCases(ctx);
  const t = await getTranslations("adminConsole.templates");
  const tc = await getTranslations("case.channels");
  const tp = await getTranslations("case.purposes");
  const tr = await getTranslations("case.ruleSets");
  const td = await getTranslations("adminConsole.templates.disclosures");
  const initial: TemplateDraft = existing
    ? { code: existing.code, language: existing.language, channel: existing.channel as TemplateDraft["channel"], ruleSet: existing.ruleSet, purpose: existing.purpose,
        discloses: existing.discloses, subject: existing.subject ?? "", body: existing.body }
    : BLANK;
  return (
    <>
      <h1>{existing ? t("editTitle", { code: existing.code, version: existing.version }) : t("newTitle")}</h1>
      <TemplateEditor initial={initial} codeLocked={existing !== null}
        options={{
          channels: TEMPLATE_CHANNELS.map((v) => ({ value: v, label: tc(v) })),
          ruleSets: RULE_SET_IDS.map((v) => ({ value: v, label: tr(v) })),
          purposes: PURPOSES.map((v) => ({ value: v, label: tp(v) })),
          disclosures: TEMPLATE_DISCLOSURES.map((v) => ({ value: v, label: td(v) })),
        }}
        cases={cases.map((c) => ({ value: c.id, label: `${c.clientCode} · ${c.ruleSet} · ${c.id.slice(0, 8)}` }))} />
    </>
  );
}
