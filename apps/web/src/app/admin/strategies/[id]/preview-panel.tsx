import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { previewStrategy, DomainError } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { formatTime } from "@/lib/format";

/** The preview of one case under this version: its next steps, when (the debtor's local time and UTC), and the gate's decision for each. */
export async function PreviewPanel({ strategyId, caseId }: { strategyId: string; caseId: string }) {
  const user = await requireRole("admin");
  const locale = await getLocale();
  const t = await getTranslations("adminConsole.strategies");
  const te = await getTranslations("errors.domain");
  const tk = await getTranslations("adminConsole.strategies.stageKinds");
  const tc = await getTranslations("case.channels");
  const tr = await getTranslations("case.partyRoles");
  const td = await getTranslations("adminConsole.strategies.decisions");
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) return <p className="form-error" role="alert">{te("not_found")}</p>;
  let result: Awaited<ReturnType<typeof previewStrategy>>;
  try {
    result = await previewStrategy(await contextFor(user), { strategyId, caseId });
  } catch (error) {
    if (error instanceof DomainError) return <p className="form-error" role="alert">{te(error.key as never)}</p>;
    throw error;
  }
  if (result.steps.length === 0) return <p className="muted" data-testid="preview-empty">{t("previewNone")}</p>;
  return (
    <>
      <p>{t("previewStage", { stage: result.stage ? tk(result.stage as never) : "—", zone: result.zone })}</p>
      <table className="grid" data-testid="preview-table">
        <thead><tr><th>{t("previewWhen")}</th><th>{t("previewUtc")}</th><th>{t("channel")}</th><th>{t("party")}</th><th>{t("template")}</th><th>{t("previewDecision")}</th><th>{t("previewRules")}</th></tr></thead>
        <tbody>{result.steps.map((s, i) => (
          <tr key={i} data-testid={`preview-${s.stage}-${s.stepOrdinal}-${s.occurrence}`} data-due={s.dueAt.toISOString()} data-decision={s.decision}>
            <td>{formatTime(s.dueAt, result.zone, locale)}</td><td>{s.dueAt.toISOString().slice(0, 16).replace("T", " ")}</td>
            <td>{tc(s.channel as never)}</td><td>{tr(s.partyRole as never)}</td><td>{s.templateCode}</td>
            <td>{td(s.decision)}{s.notBefore ? ` · ${t("notBefore", { at: formatTime(new Date(s.notBefore), result.zone, locale) })}` : ""}</td>
            <td>{s.rules.map((r) => r.rule).join(", ")}</td>
          </tr>
        ))}</tbody>
      </table>
    </>
  );
}
