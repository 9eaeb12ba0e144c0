import { getTranslations } from "next-intl/server";
import { formatTime } from "@/lib/format";
import { DualTime } from "./dual-time";
import type { CaseScreen } from "./screen";

/** The debtor: zones, clocks, rule set, owner, holds (with their notes) and the contact requests the gate reads. */
export async function PersonSection({ s }: { s: CaseScreen }) {
  const t = await getTranslations("case");
  const tc = await getTranslations("common");
  const { view } = s;
  const active = view.holds.filter((h) => h.active);
  const requests = [
    ...(view.person.writtenOnlyReason ? [t(`writtenOnly.${view.person.writtenOnlyReason}`)] : []),
    ...(view.person.noWorkplaceContact ? [t("noWorkplaceContact")] : []),
  ];
  return (
    <section className="panel" aria-labelledby="h-person">
      <h2 id="h-person">{t("person")}</h2>
      <dl className="kv">
        <dt>{t("zone")}</dt><dd>{view.person.timeZones.join(", ") || s.debtorZone} · {view.person.country}{view.person.region ? `-${view.person.region}` : ""}</dd>
        <dt>{tc("agentTime")} / {tc("debtorTime")}</dt><dd data-testid="dual-time"><DualTime at={s.ctx.now} agentZone={s.agentZone} debtorZone={s.debtorZone} locale={s.locale} /></dd>
        <dt>{t("ruleSet")}</dt><dd data-rule-set={view.client.ruleSet}>{t(`ruleSets.${view.client.ruleSet}` as never)} · {view.client.agencyName}</dd>
        <dt>{t("owner")}</dt><dd>{view.case.owner ?? "—"}</dd>
        <dt>{t("holds")}</dt>
        <dd data-testid="holds">{active.length === 0 ? t("noHolds") : (
          <ul className="plain">{active.map((h) => (
            <li key={h.id} data-hold-kind={h.kind}>{t(`holdKinds.${h.kind}` as never)} <span className="muted small">{formatTime(h.placedAt, s.agentZone, s.locale)}</span>
              {h.note ? <div className="small" data-testid="hold-note">{t("holdNote", { note: h.note })}</div> : null}</li>
          ))}</ul>
        )}</dd>
        <dt>{t("requests")}</dt><dd data-testid="contact-requests">{requests.length ? requests.join(" · ") : t("noRequests")}</dd>
      </dl>
    </section>
  );
}
