import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { DRILL_CASE_COUNT_CAP, DRILL_METRICS, listDashboardFilters, listPortfolioCases, type DrillMetric, type ListPortfolioCases } from "@casebook/domain";
import { DataTable } from "@/components/dashboards/data-table";
import { FilterBar } from "@/components/dashboards/filter-bar";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatDate, formatMoney } from "@/lib/format";
import { FILTER_KEYS, one, pick, qs, type Search } from "@/lib/search-params";

/** The cases behind one portfolio figure (or one chart point: the chart sets from = to = its period). */
export default async function PortfolioCasesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("supervisor", "admin");
  const sp = await searchParams;
  const metric = (DRILL_METRICS as readonly string[]).includes(one(sp.metric) ?? "") ? (one(sp.metric) as DrillMetric) : "attempts";
  const ctx = await contextFor(user);
  const locale = await getLocale();
  const t = await getTranslations("dashboards");
  const input = { ...pick(sp, FILTER_KEYS), metric, limit: 500 } as ListPortfolioCases;
  const [cases, options] = await Promise.all([listPortfolioCases(ctx, input).catch(throwForPage), listDashboardFilters(ctx)]);
  const money = metric === "collected" || metric.startsWith("promises");
  return (
    <>
      <h1>{t("drillTitle", { metric: t(`metrics.${metric}`) })}</h1>
      <nav className="small"><a href={`/supervisor/portfolio?${qs(pick(sp, FILTER_KEYS))}`}>{t("backToPortfolio")}</a></nav>
      <FilterBar action="/supervisor/portfolio/cases" filter={cases.filter} options={options} hidden={{ metric }} />
      <p data-testid="drill-summary" data-cases={cases.totalCases} data-cases-at-least={String(cases.casesAtLeast)} data-events={cases.totalEvents}>
        {t("drillSummary", { cases: cases.totalCases, atLeast: String(cases.casesAtLeast), events: cases.totalEvents })}
        {" "}<a href={`/supervisor/portfolio/cases/export?${qs({ ...pick(sp, FILTER_KEYS), metric })}`} data-testid="export-cases" download>{t("exportCsv")}</a>
      </p>
      {cases.totalCases > cases.rows.length ? <p className="small muted">{t("drillTruncated", { shown: cases.rows.length })}</p> : null}
      {cases.casesAtLeast ? <p className="small muted" data-testid="drill-count-note">{t("drillCountNote", { cap: DRILL_CASE_COUNT_CAP })}</p> : null}
      <DataTable testId="drill-cases" empty={t("emptyDrill")}
        columns={[{ key: "person", label: t("debtor") }, { key: "client", label: t("client") }, { key: "team", label: t("team") },
          { key: "lastDay", label: t("lastEvent") }, { key: "events", label: t(`metrics.${metric}`), numeric: true }, ...(money ? [{ key: "amount", label: t("amount"), numeric: true }] : [])]}
        rows={cases.rows.map((r) => ({ id: r.caseId, href: `/cases/${r.caseId}`, person: r.personName, client: r.clientName, team: r.teamName, lastDay: formatDate(r.lastDay, locale), events: r.events,
          amount: formatMoney(r.amountMinor, r.currency, locale) }))} />
    </>
  );
}
