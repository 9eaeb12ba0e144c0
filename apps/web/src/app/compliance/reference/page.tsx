import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { findByReference } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { one, type Search } from "@/lib/search-params";

/** "I got a message with code 7KQ2-M9XD: was that you?": the contact behind a reference code. */
export default async function ReferencePage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("compliance", "admin");
  const code = one((await searchParams).code);
  const t = await getTranslations("evidence");
  const tch = await getTranslations("case");
  const locale = await getLocale();
  const match = code ? await findByReference(await contextFor(user), { code }).catch(throwForPage) : null;
  return (
    <>
      <h1>{t("referenceTitle")}</h1>
      <form className="filters" method="get" role="search">
        <label>{t("referenceCode")}<input name="code" defaultValue={code ?? ""} required minLength={4} size={14} data-testid="reference-code" /></label>
        <button type="submit">{t("find")}</button>
      </form>
      {!code ? <p className="small muted">{t("referenceExplain")}</p> : !match ? <p className="panel muted" data-testid="reference-none">{t("referenceNone", { code })}</p> : (
        <dl className="kv panel" data-testid="reference-match" data-case-id={match.caseId}>
          <dt>{t("referenceCode")}</dt><dd>{match.referenceCode}</dd>
          <dt>{t("when")}</dt><dd>{formatTime(match.startedAt, "UTC", locale)}</dd>
          <dt>{t("channel")}</dt><dd>{tch(`channels.${match.channel}` as never)}</dd>
          <dt>{t("person")}</dt><dd>{match.personName}</dd>
          <dt>{t("client")}</dt><dd>{match.clientName}</dd>
          <dt>{t("caseId")}</dt><dd><a href={`/cases/${match.caseId}`}>{match.caseId}</a></dd>
          <dt>{t("latestOutcome")}</dt><dd>{match.outcome ? tch(`outcomes.${match.outcome}` as never) : "—"}</dd>
          <dt>{t("decision")}</dt><dd>{match.decisionId ? <a href={`/compliance/decisions/${match.decisionId}`}>{t(`outcomes.${match.decision ?? "allow"}` as never)}</a> : "—"}</dd>
          <dt>{t("asSent")}</dt><dd><pre className="small">{match.renderedBody ?? "—"}</pre></dd>
          <dt>{t("bundle")}</dt><dd><a href={`/compliance/evidence/bundle?personId=${match.personId}`} download>{t("downloadBundle")}</a></dd>
        </dl>
      )}
    </>
  );
}
