import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { getPortfolio, getRollRates, listDashboardFilters, type DrillMetric, type PortfolioFilter } from "@casebook/domain";
import { DataTable } from "@/components/dashboards/data-table";
import { FilterBar } from "@/components/dashboards/filter-bar";
import { TrendChart } from "@/components/dashboards/trend-chart";
import { RollSection } from "./roll-section";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatMoney, minorDigits } from "@/lib/format";
import { FILTER_KEYS, pick, qs, type Search } from "@/lib/search-params";

// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
const COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"];
const pct = (v: number | null, locale: string) => (v === null ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(v));

export default async function PortfolioPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("supervisor", "admin");
  const sp = await searchParams;
  const ctx = await contextFor(user);
  const locale = await getLocale();
  const t = await getTranslations("dashboards");
  const [p, rolls, options] = await Promise.all([
    getPortfolio(ctx, pick(sp, FILTER_KEYS) as PortfolioFilter).catch(throwForPage),
    getRollRates(ctx, pick(sp, FILTER_KEYS) as PortfolioFilter).catch(throwForPage),
    listDashboardFilters(ctx),
  ]);
  const f = p.filter;
  const keep = pick(sp, FILTER_KEYS.filter((k) => k !== "grain"));
  const slice = { ...keep, from: f.from, to: f.to };
  const drill = (metric: DrillMetric) => `/supervisor/portfolio/cases?${qs({ ...slice, metric })}`;
  const drillBase = (metric: DrillMetric) => ({ path: "/supervisor/portfolio/cases", query: qs({ ...pick(sp, ["clientId", "teamId", "strategyId", "bucket"]), metric }), grain: f.grain });
  const tot = p.totals;
  const empty = tot.attempts === 0 && tot.promisesMade === 0 && tot.promisesKept + tot.promisesBroken === 0 && tot.money.every((m) => m.collectedMinor === 0);
  // data-n / data-d carry the raw numerator and denominator, for tests and for reading the rate exactly.
  const tile = (id: string, label: string, value: string, detail: string, metric: DrillMetric, n: number, d: number) => (
    <div className="panel tile" data-testid={`figure-${id}`} key={id} data-n={n} data-d={d}>
      <div className="small muted">{label}</div>
      <div className="figure">{value}</div>
      <div className="small">{detail}</div>
      <a className="small" href={drill(metric)} data-testid={`drill-${id}`}>{t("casesBehind")}</a>
    </div>
  );
  const currencies = tot.money.map((m) => m.currency);
  const chartRows = p.series.map((s) => ({
    period: s.period, contactRate: s.contactRate, rpcRate: s.rpcRate, promiseRate: s.promiseRate, keptRate: s.keptRate,
    attempts: s.attempts, contacts: s.contacts, rpcs: s.rpcs, promisesMade: s.promisesMade,
    ...Object.fromEntries(currencies.map((c) => [`collected_${c}`, (s.collected[c] ?? 0) / 10 ** minorDigits(c)])),
  }));
  return (
    <>
      <h1>{t("portfolioTitle")}</h1>
      <FilterBar action="/supervisor/portfolio" filter={f} options={options} />
      {p.pendingEvents > 0 ? <p className="small muted" data-testid="pending-events">{t("pending", { count: p.pendingEvents })}</p> : null}
      {empty ? <p className="panel muted" data-testid="portfolio-empty">{t("emptyPortfolio", { from: f.from, to: f.to })}</p> : null}
      <section className="tiles" aria-label={t("figures")}>
        {tile("contactRate", t("contactRate"), pct(tot.contactRate, locale), t("ofAttempts", { n: tot.contacts, d: tot.attempts }), "contacts", tot.contacts, tot.attempts)}
        {tile("rpcRate", t("rpcRate"), pct(tot.rpcRate, locale), t("ofAttempts", { n: tot.rpcs, d: tot.attempts }), "rpcs", tot.rpcs, tot.attempts)}
        {tile("promiseRate", t("promiseRate"), pct(tot.promiseRate, locale), t("ofRpcs", { n: tot.promisesMade, d: tot.rpcs }), "promisesMade", tot.promisesMade, tot.rpcs)}
        {tile("keptRate", t("keptRate"), pct(tot.keptRate, locale), t("ofResolved", { n: tot.promisesKept, d: tot.promisesKept + tot.promisesBroken }), "promisesKept", tot.promisesKept, tot.promisesKept + tot.promisesBroken)}
        {tot.money.map((m) => tile(`collected-${m.currency}`, t("collected", { currency: m.currency }), formatMoney(m.collectedMinor, m.currency, locale),
          t("liquidation", { rate: pct(m.liquidationRate, locale), placed: formatMoney(m.placedMinor, m.currency, locale) }), "collected", m.collectedMinor, m.placedMinor))}
      </section>
      <p className="small muted">{t("definitions")}</p>
      <div className="charts">
        <TrendChart title={t("ratesChart")} empty={t("emptyChart")} percent data={chartRows} drillBase={drillBase("contacts")}
          series={[{ key: "contactRate", label: t("contactRate"), color: COLORS[0]! }, { key: "rpcRate", label: t("rpcRate"), color: COLORS[1]! },
            { key: "promiseRate", label: t("promiseRate"), color: COLORS[2]! }, { key: "keptRate", label: t("keptRate"), color: COLORS[3]! }]} />
        <TrendChart title={t("countsChart")} empty={t("emptyChart")} data={chartRows} drillBase={drillBase("attempts")}
          series={[{ key: "attempts", label: t("attempts"), color: COLORS[0]! }, { key: "contacts", label: t("contacts"), color: COLORS[1]! },
            { key: "rpcs", label: t("rpcs"), color: COLORS[2]! }, { key: "promisesMade", label: t("promisesMade"), color: COLORS[3]! }]} />
        <TrendChart title={t("collectedChart")} empty={t("emptyChart")} data={chartRows} drillBase={drillBase("collected")}
          series={currencies.map((c, i) => ({ key: `collected_${c}`, label: t("collected", { currency: c }), color: COLORS[(i + 4) % COLORS.length]! }))} />
      </div>
      <RollSection r={rolls} slice={{ ...slice, grain: f.grain }} pct={(v) => pct(v, locale)} />
      <h2>{t("seriesTitle")} <a className="small" href={`/supervisor/portfolio/export?${qs({ ...slice, grain: f.grain })}`} data-testid="export-series" download>{t("exportCsv")}</a></h2>
      <DataTable testId="portfolio-series" empty={t("emptyChart")}
        columns={[{ key: "period", label: t("period") }, { key: "attempts", label: t("attempts"), numeric: true }, { key: "contacts", label: t("contacts"), numeric: true },
          { key: "rpcs", label: t("rpcs"), numeric: true }, { key: "promisesMade", label: t("promisesMade"), numeric: true },
          { key: "promisesKept", label: t("promisesKept"), numeric: true }, { key: "promisesBroken", label: t("promisesBroken"), numeric: true },
          ...currencies.map((c) => ({ key: `collected_${c}`, label: t("collected", { currency: c }), numeric: true }))]}
        rows={p.series.map((s) => ({ id: s.period, period: s.period, attempts: s.attempts, contacts: s.contacts, rpcs: s.rpcs, promisesMade: s.promisesMade,
          promisesKept: s.promisesKept, promisesBroken: s.promisesBroken,
          ...Object.fromEntries(currencies.map((c) => [`collected_${c}`, formatMoney(s.collected[c] ?? 0, c, locale)])) }))} />
    </>
  );
}
