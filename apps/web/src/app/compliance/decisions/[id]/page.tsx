import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { ruleMessage } from "@casebook/compliance/messages";
import { getDecision } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatTime } from "@/lib/format";

/** One decision: the engine's answer, each rule's explanation, and the exact input it saw, ready to
 *  replay with `pnpm -s compliance:check < input.json`. */
export default async function DecisionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("compliance", "admin", "supervisor");
  const { id } = await params;
  const ctx = await contextFor(user);
  const locale = await getLocale();
  const t = await getTranslations("evidence");
  const ta = await getTranslations("case");
  const d = await getDecision(ctx, { decisionId: id }).catch(throwForPage);
  return (
    <>
      <h1>{t("decisionTitle", { outcome: t(`outcomes.${d.decision}`) })}</h1>
      <nav className="small"><a href="/compliance/decisions">{t("backToLog")}</a></nav>
      <dl className="kv panel" data-testid="decision-summary" data-decision={d.decision}>
        <dt>{t("evaluatedAt")}</dt><dd>{formatTime(d.evaluatedAt, "UTC", locale)}</dd>
        <dt>{t("person")}</dt><dd>{d.personName}</dd>
        <dt>{t("caseId")}</dt><dd><a href={`/cases/${d.caseId}`}>{d.caseId}</a></dd>
        <dt>{t("channel")}</dt><dd>{ta(`channels.${d.channel}` as never)}</dd>
        <dt>{t("ruleSet")}</dt><dd>{d.ruleSet}</dd>
        <dt>{t("outcome")}</dt><dd>{t(`outcomes.${d.decision}`)}{d.notBefore ? ` · ${t("notBefore", { at: formatTime(d.notBefore, "UTC", locale) })}` : ""}</dd>
        <dt>{t("reference")}</dt><dd>{d.attempt ? d.attempt.referenceCode : t("noContactMade")}</dd>
      </dl>
      <h2>{t("explanation")}</h2>
      {d.results.length === 0 ? <p className="panel muted">{t("noRulesFired")}</p> : (
        <ul className="panel" data-testid="decision-results">
          {d.results.map((r) => (
            <li key={`${r.rule}-${r.outcome}`} data-rule={r.rule} data-outcome={r.outcome}>
              <code>{r.rule}</code> · {t(`outcomes.${r.outcome}` as never)} · {ruleMessage(r.rule, locale === "zh-CN" ? "zh-CN" : "en")}
              <div className="small muted">{r.reason}</div>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("input")} <a className="small" href={`/compliance/decisions/${d.id}/input`} data-testid="download-input" download>{t("downloadInput")}</a></h2>
      <p className={d.replay.matches ? "success" : "form-error"} data-testid="replay" data-matches={String(d.replay.matches)}>
        {d.replay.matches ? t("replayMatches") : t("replayDiffers", { decision: d.replay.decision, rules: d.replay.rules.join(", ") || "—" })}
      </p>
      <p className="small muted">{t("replayHow")}</p>
      <pre className="panel small" data-testid="decision-input" style={{ maxHeight: 480, overflow: "auto" }}>{JSON.stringify(d.request, null, 2)}</pre>
    </>
  );
}
