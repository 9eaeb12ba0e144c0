import { getTranslations } from "next-intl/server";
import type { CaseScreen } from "./screen";
import { money } from "./screen";

export async function CaseHeader({ s, nav, qs }: { s: CaseScreen; nav: { prev: string | null; next: string | null }; qs: string }) {
  const [t, tq, tc] = await Promise.all([getTranslations("case"), getTranslations("queue"), getTranslations("common")]);
  const { view } = s;
  return (
    <>
      <div className="casenav">
        <a href={`/queue?${qs}`}>← {tc("queue")}</a>
        <span>
          {nav.prev ? <a href={`/cases/${nav.prev}?${qs}`} rel="prev" data-testid="prev-case">{t("prevCase")}</a> : null}{" "}
          {nav.next ? <a href={`/cases/${nav.next}?${qs}`} rel="next" data-testid="next-case">{t("nextCase")}</a> : null}
        </span>
      </div>
      <h1 data-testid="case-title">{view.person.fullName} <span className="muted small">{view.client.name} · {t("total")} {money(s, view.totals.balanceMinor)}</span>{" "}
        <span className="badge" data-reason={view.case.priorityReason}>{tq(`reasons.${view.case.priorityReason}` as never)}</span>
        {view.holds.filter((h) => h.active).map((h) => <span key={h.id} className="badge bad"> {t(`holdKinds.${h.kind}` as never)}</span>)}
        {view.case.queue === "legal" ? <span className="badge warn"> {tq("statuses.legal")}</span> : null}
      </h1>
    </>
  );
}
