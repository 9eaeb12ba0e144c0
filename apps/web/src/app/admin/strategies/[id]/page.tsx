import { getLocale, getTranslations } from "next-intl/server";
import { PURPOSES } from "@casebook/compliance";
import { requireRole } from "@/lib/auth";
import { getStrategyAdmin, listStrategyPreviewCases, NotFoundError, STOP_EVENTS } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { ActionForm } from "@/components/action-form";
import { addStepAction, cancelMigrationAction, createDraftAction, publishAction, removeStepAction, retireVersionAction, scheduleMigrationAction, updateStageAction, updateStepAction } from "../actions";
import { stepFields } from "./step-fields";
import { PreviewPanel } from "./preview-panel";

const CHANNELS = ["sms", "email", "call", "voicemail", "letter"] as const;
const PARTIES = ["consumer", "emergency_contact", "third_party"] as const;

/**
 * One strategy version. A published one is read-only (the database refuses any change): it can be copied
 * into a new draft, and the cases of another published version can be moved onto it on a chosen date. A
 * draft is edited stage by stage and step by step, then published (refused while the template lint
 * finds an error for a step's party). Both can be previewed on a case and simulated (what-if).
 */
export default async function StrategyPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ case?: string; caseId?: string }> }) {
  const user = await requireRole("admin");
  const { id } = await params;
  const q = await searchParams;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("strategy", id));
  const ctx = await contextFor(user);
  const { strategy, stages, versions, migrations } = await getStrategyAdmin(ctx, id).catch(throwForPage);
  const previewCases = await listStrategyPreviewCases(ctx, id);
  const locale = await getLocale();
  const t = await getTranslations("adminConsole.strategies");
  const tk = await getTranslations("adminConsole.strategies.stageKinds");
  const te = await getTranslations("adminConsole.strategies.events");
  const tc = await getTranslations("case.channels");
  const tp = await getTranslations("case.purposes");
  const tr = await getTranslations("case.partyRoles");
  const draft = strategy.status === "draft";
  const options = {
    channels: CHANNELS.map((v) => ({ value: v, label: tc(v) })),
    purposes: PURPOSES.map((v) => ({ value: v, label: tp(v) })),
    parties: PARTIES.map((v) => ({ value: v, label: tr(v) })),
    labels: { offset: t("offset"), channel: t("channel"), template: t("template"), party: t("party"), purpose: t("purpose"), from: t("from"), to: t("to"), repeat: t("repeat"), every: t("every"), autodialed: t("autodialed") },
  };
  const previewCase = q.caseId?.trim() || q.case;
  const otherPublished = versions.filter((v) => v.status === "published" && v.id !== strategy.id);
  // Only an old version may be retired: the newest active published one is what new cases get.
  const newestActive = versions.find((v) => v.status === "published" && v.active);
  const retirable = !draft && strategy.active && newestActive !== undefined && newestActive.id !== strategy.id;
  return (
    <>
      <h1>{strategy.name} <span className="muted small">{t("versionOf", { version: strategy.version })} · {strategy.ruleSet} · {strategy.client ?? t("allClients")}</span></h1>
      <p data-testid="strategy-status"><strong>{draft ? t("statusDraft") : strategy.active ? t("statusPublished") : t("statusRetired")}</strong>{strategy.publishedAt ? ` · ${formatTime(strategy.publishedAt, "UTC", locale)}` : ""} · {draft ? t("draftHelp") : t("publishedHelp")}</p>
      <p><a href={`/admin/strategies/${strategy.id}/what-if`} data-testid="what-if-link">{t("whatIfLink")}</a></p>

      {draft ? (
        <section className="panel">
          <ActionForm action={publishAction} hidden={{ strategyId: strategy.id }} submitLabel={t("publish")} testId="publish-form" fields={[]} />
        </section>
      ) : (
        <section className="panel">
          <ActionForm action={createDraftAction} hidden={{ fromStrategyId: strategy.id }} submitLabel={t("newDraft")} testId="new-draft" fields={[]} />
          {retirable ? (
            <>
              <p className="small muted">{t("retireHelp")}</p>
              <ActionForm action={retireVersionAction} hidden={{ strategyId: strategy.id }} submitLabel={t("retire")} testId="retire-version" fields={[]} />
            </>
          ) : null}
        </section>
      )}

      {stages.map((stage) => (
        <section className="panel" key={stage.id} data-testid={`stage-${stage.kind}`}>
          <h2>{stage.ordinal}. {tk(stage.kind)}</h2>
          <p className="small muted">{t("entry", { min: stage.entry.dpdMin ?? "—", max: stage.entry.dpdMax ?? "—" })} · {t("stops")}: {stage.exit.onEvents.map((e) => te(e)).join(", ") || "—"}{stage.exit.dpdAbove !== undefined ? ` · ${t("dpdAbove", { dpd: stage.exit.dpdAbove })}` : ""}</p>
          {draft ? (
            <>
              <details>
                <summary>{t("editStage")}</summary>
                <ActionForm action={updateStageAction} hidden={{ strategyId: strategy.id, stageId: stage.id }} submitLabel={t("saveStage")} testId={`stage-form-${stage.kind}`} fields={[
                  { name: "stage.dpdMin", label: t("dpdMin"), type: "number", defaultValue: stage.entry.dpdMin?.toString() ?? "" },
                  { name: "stage.dpdMax", label: t("dpdMax"), type: "number", defaultValue: stage.entry.dpdMax?.toString() ?? "" },
                  { name: "stage.dpdAbove", label: t("dpdAboveLabel"), type: "number", defaultValue: stage.exit.dpdAbove?.toString() ?? "" },
                  ...STOP_EVENTS.map((e) => ({ name: `stop.${e}`, label: te(e), type: "checkbox" as const, defaultValue: stage.exit.onEvents.includes(e) ? "on" : "" })),
                ]} />
              </details>
              {stage.steps.map((step) => (
                <div key={step.id} className="step-edit" data-testid={`step-${stage.kind}-${step.ordinal}`}>
                  <ActionForm action={updateStepAction} hidden={{ strategyId: strategy.id, stepId: step.id }} submitLabel={t("saveStep")} testId={`step-form-${stage.kind}-${step.ordinal}`} fields={stepFields(options, step)} />
                  <ActionForm action={removeStepAction} hidden={{ strategyId: strategy.id, stepId: step.id }} submitLabel={t("removeStep")} testId={`remove-step-${stage.kind}-${step.ordinal}`} fields={[]} />
                </div>
              ))}
              <details>
                <summary>{t("addStep")}</summary>
                <ActionForm action={addStepAction} hidden={{ strategyId: strategy.id, stageId: stage.id }} submitLabel={t("addStep")} testId={`add-step-${stage.kind}`} fields={stepFields(options)} />
              </details>
            </>
          ) : (
            <table className="grid">
              <thead><tr><th className="num">{t("offset")}</th><th>{t("channel")}</th><th>{t("party")}</th><th>{t("purpose")}</th><th>{t("template")}</th><th>{t("hours")}</th><th className="num">{t("repeat")}</th></tr></thead>
              <tbody>{stage.steps.map((step) => (
                <tr key={step.id} data-testid={`step-${stage.kind}-${step.ordinal}`}>
                  <td className="num">{t("days", { days: step.dayOffset })}</td><td>{tc(step.channel)}</td><td>{tr(step.partyRole)}</td><td>{tp(step.purpose)}</td>
                  <td><a href={`/admin/templates/edit?code=${encodeURIComponent(step.templateCode)}&language=en`}>{step.templateCode}</a></td>
                  <td>{step.preferredFrom && step.preferredTo ? `${step.preferredFrom}–${step.preferredTo}` : "—"}</td>
                  <td className="num">{step.repeatTimes}{step.repeatEveryDays ? ` × ${t("everyDays", { days: step.repeatEveryDays })}` : ""}</td>
                </tr>
              ))}</tbody>
            </table>
          )}
        </section>
      ))}

      {!draft ? (
        <section className="panel" data-testid="migrations">
          <h2>{t("migrationsTitle")}</h2>
          <p className="small muted">{t("migrationsHelp")}</p>
          {migrations.length > 0 ? (
            <table className="grid">
              <thead><tr><th>{t("migrationFrom")}</th><th>{t("migrationTo")}</th><th>{t("migrationAt")}</th><th>{t("migrationState")}</th><th /></tr></thead>
              <tbody>{migrations.map((m) => (
                <tr key={m.id}>
                  <td>{t("versionOf", { version: m.fromVersion ?? "?" })}</td><td>{t("versionOf", { version: m.toVersion ?? "?" })}</td><td>{formatTime(m.effectiveAt, "UTC", locale)}</td>
                  <td>{m.appliedAt ? t("migrationApplied", { cases: m.movedCases ?? 0 }) : m.cancelledAt ? t("migrationCancelledState") : t("migrationPending")}</td>
                  <td>{!m.appliedAt && !m.cancelledAt ? <ActionForm action={cancelMigrationAction} hidden={{ strategyId: strategy.id, migrationId: m.id }} submitLabel={t("cancelMigration")} fields={[]} /> : null}</td>
                </tr>
              ))}</tbody>
            </table>
          ) : null}
          {otherPublished.length > 0 && strategy.active ? (
            <ActionForm action={scheduleMigrationAction} hidden={{ toStrategyId: strategy.id }} submitLabel={t("scheduleMigration")} testId="schedule-migration" fields={[
              { name: "fromStrategyId", label: t("migrationFrom"), type: "select", options: otherPublished.map((v) => ({ value: v.id, label: t("versionOf", { version: v.version }) })) },
              { name: "effectiveAt", label: t("migrationAtInput"), type: "datetime-local" },
            ]} />
          ) : null}
        </section>
      ) : null}

      <section className="panel" data-testid="preview">
        <h2>{t("previewTitle")}</h2>
        <form method="get" className="form">
          <div className="row">
            <label>{t("previewCase")}
              <select name="case" defaultValue={q.case ?? ""}>
                {previewCases.map((c) => <option key={c.id} value={c.id}>{c.id.slice(0, 8)} · {c.stage ? tk(c.stage) : "—"}</option>)}
              </select>
            </label>
            <label>{t("previewCaseId")}<input name="caseId" placeholder="00000000-0000-0000-0000-000000000000" /></label>
            <button type="submit">{t("previewSubmit")}</button>
          </div>
          <p className="small muted">{t("previewHelp")}</p>
        </form>
        {previewCase ? <PreviewPanel strategyId={strategy.id} caseId={previewCase} /> : null}
      </section>
    </>
  );
}
