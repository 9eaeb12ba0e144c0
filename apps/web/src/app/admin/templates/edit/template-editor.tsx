"use client";
import { useActionState, useDeferredValue, useMemo, useState } from "react";
import { useTranslations } from "next-intl";
import { lintTemplate, TEMPLATE_VARIABLES, type LintTemplateInput } from "@casebook/compliance/template-lint";
import type { ActionState } from "@/lib/errors";
import { previewTemplateAction, saveTemplateAction } from "../actions";

export interface TemplateDraft {
  code: string;
  language: LintTemplateInput["language"];
  channel: LintTemplateInput["channel"];
  ruleSet: LintTemplateInput["ruleSet"];
  purpose: string;
  discloses: LintTemplateInput["discloses"];
  subject: string;
  body: string;
}
type Option = { value: string; label: string };

/**
 * The template editor: the compliance lint (a pure function of packages/compliance) runs in the browser
 * on every keystroke, and Save stays disabled while it reports an error. The save action runs the same
 * lint again on the server, so a forged post is refused all the same.
 */
export function TemplateEditor({ initial, codeLocked, options, cases }: {
  initial: TemplateDraft; codeLocked: boolean; cases: Option[];
  options: { channels: Option[]; ruleSets: Option[]; purposes: Option[]; disclosures: Option[] };
}) {
  const t = useTranslations("adminConsole.templates");
  const [draft, setDraft] = useState<TemplateDraft>(initial);
  const set = (k: keyof TemplateDraft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  // Typing stays smooth on a long letter: the lint reads the deferred text.
  const deferred = useDeferredValue(draft);
  const lint = useMemo(() => lintTemplate({ ...deferred, subject: deferred.subject || null }), [deferred]);
  const [saved, save, saving] = useActionState<ActionState, FormData>(saveTemplateAction, {});
  const [preview, runPreview, previewing] = useActionState<ActionState, FormData>(previewTemplateAction, {});
  const err = (name: string) => saved.fieldErrors?.[name];
  const hasSubject = draft.channel === "email" || draft.channel === "letter";
  const select = (name: keyof TemplateDraft, label: string, opts: Option[]) => (
    <label htmlFor={`tpl-${name}`}>{label}
      <select id={`tpl-${name}`} name={name} value={draft[name]} onChange={set(name)}>{opts.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</select>
      {err(name) ? <span className="field-error" role="alert">{err(name)}</span> : null}
    </label>
  );
  return (
    <div className="template-editor">
      <form action={save} className="form panel" noValidate data-testid="template-form">
        <div className="row">
          <label htmlFor="tpl-code">{t("code")}
            <input id="tpl-code" name="code" value={draft.code} onChange={set("code")} readOnly={codeLocked} placeholder="reminder_sms" />
            {err("code") ? <span className="field-error" role="alert">{err("code")}</span> : null}
          </label>
          {select("language", t("language"), [{ value: "en", label: "English" }, { value: "zh-CN", label: "中文" }])}
          {select("channel", t("channel"), options.channels)}
          {select("ruleSet", t("ruleSet"), options.ruleSets)}
          {select("purpose", t("purpose"), options.purposes)}
          {select("discloses", t("discloses"), options.disclosures)}
          {hasSubject ? (
            <label htmlFor="tpl-subject" style={{ flexBasis: "100%" }}>{t("subject")}
              <input id="tpl-subject" name="subject" value={draft.subject} onChange={set("subject")} />
              {err("subject") ? <span className="field-error" role="alert">{err("subject")}</span> : null}
            </label>
          ) : null}
          <label htmlFor="tpl-body" style={{ flexBasis: "100%" }}>{t("body")}
            <textarea id="tpl-body" name="body" rows={8} value={draft.body} onChange={set("body")} />
            <span className="small muted">{t("variablesHelp")} {Object.keys(TEMPLATE_VARIABLES).map((v) => `{{${v}}}`).join(" ")}</span>
            {err("body") ? <span className="field-error" role="alert" data-testid="save-error">{err("body")}</span> : null}
          </label>
        </div>

        <section data-testid="template-lint" aria-live="polite">
          <h2>{t("lintTitle")}</h2>
          {lint.findings.length === 0 ? <p className="success" data-testid="lint-clean">{t("lintClean")}</p> : (
            <ul>{lint.findings.map((f, i) => (
              <li key={i} className={f.severity === "error" ? "field-error" : "muted"} data-testid={`lint-${f.code}`}>
                {f.severity === "error" ? t("lintError") : t("lintWarning")}: {t(`lint.${f.code}`, { detail: f.detail ?? "" })}
              </li>
            ))}</ul>
          )}
          {lint.sms ? <p data-testid="sms-length">{t("smsLength", { encoding: lint.sms.encoding, characters: lint.sms.characters, segments: lint.sms.segments, perSegment: lint.sms.perSegment })}</p> : null}
        </section>

        <button type="submit" disabled={!lint.ok || saving} data-testid="template-save">{t("save")}</button>
        {!lint.ok ? <span className="small muted"> {t("saveBlocked")}</span> : null}
        {saved.formError ? <div className="form-error" role="alert">{saved.formError}</div> : null}
        {saved.ok && saved.message ? <div className="success" role="status" data-testid="action-success">{saved.message}</div> : null}
      </form>

      <form action={runPreview} className="form panel" data-testid="template-preview-form">
        <h2>{t("previewTitle")}</h2>
        <input type="hidden" name="language" value={draft.language} />
        <input type="hidden" name="subject" value={hasSubject ? draft.subject : ""} />
        <input type="hidden" name="body" value={draft.body} />
        <div className="row">
          <label htmlFor="tpl-case">{t("previewCase")}
            <select id="tpl-case" name="caseId">{cases.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}</select>
          </label>
          <button type="submit" disabled={previewing || cases.length === 0}>{t("previewSubmit")}</button>
        </div>
        <p className="small muted">{t("previewHelp")}</p>
        {preview.formError || preview.fieldErrors ? <div className="form-error" role="alert">{preview.formError ?? Object.values(preview.fieldErrors ?? {})[0]}</div> : null}
        {preview.ok && preview.result ? <pre className="preview" data-testid="template-preview">{preview.result}</pre> : null}
      </form>
    </div>
  );
}
