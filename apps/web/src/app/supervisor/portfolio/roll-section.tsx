import { getLocale, getTranslations } from "next-intl/server";
import { ROLLING, type DrillMetric, type RollRates } from "@casebook/domain";
import { DataTable } from "@/components/dashboards/data-table";
import { TrendChart } from "@/components/dashboards/trend-chart";
import { qs } from "@/lib/search-params";

const COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"];

/** Roll rates between days-past-due buckets and the cure rate: a figure, a table per bucket, a trend,
 *  each drilling to the cases that moved. `slice` is the page's filter (from/to resolved). */
export async function RollSection({ r, slice, pct }: { r: RollRates; slice: Record<string, string>; pct: (v: number | null) => string }) {
  const locale = await getLocale();
  const t = await getTranslations("dashboards");
  const tq = await getTranslations("queue");
  const { bucket: _bucket, ...noBucket } = slice;
  const drill = (metric: DrillMetric, bucket?: string) => `/supervisor/portfolio/cases?${qs({ ...(bucket ? noBucket : slice), ...(bucket ? { bucket } : {}), metric })}`;
  const tot = r.totals;
  const empty = tot.buckets.every((b) => b.inBucket === 0);
  const chartRows = r.series.map((p) => ({
    period: p.period, cureRate: p.cureRate,
    ...Object.fromEntries(p.buckets.map((b) => [`roll_${b.bucket}`, b.rollRate])),
  }));
  const shown = tot.buckets.filter((b) => (ROLLING as readonly string[]).includes(b.bucket));
  const num = (n: number) => n.toLocaleString(locale);
  return (
    <section aria-labelledby="roll-title">
      <h2 id="roll-title">{t("rollTitle")} <a className="small" href={`/supervisor/portfolio/rolls/export?${qs(slice)}`} data-testid="export-rolls" download>{t("exportCsv")}</a></h2>
      <p className="small muted" data-testid="roll-through">{r.throughDay ? t("rollThrough", { day: r.throughDay }) : t("rollNotFolded")}</p>
      {empty && r.throughDay ? <p className="panel muted" data-testid="roll-empty">{t("rollEmpty", { from: r.filter.from, to: r.filter.to })}</p> : null}
      <section className="tiles" aria-label={t("rollTitle")}>
        <div className="panel tile" data-testid="figure-cureRate" data-n={tot.cured} data-d={tot.delinquent}>
          <div className="small muted">{t("cureRate")}</div>
          <div className="figure">{pct(tot.cureRate)}</div>
          <div className="small">{t("ofDelinquent", { n: num(tot.cured), d: num(tot.delinquent) })}</div>
          <a className="small" href={drill("cured")} data-testid="drill-cureRate">{t("casesBehind")}</a>
        </div>
        {shown.map((b) => (
          <div className="panel tile" key={b.bucket} data-testid={`figure-roll-${b.bucket}`} data-n={b.rolled} data-d={b.inBucket}>
            <div className="small muted">{t("rollRateFrom", { bucket: tq(`buckets.${b.bucket}` as never) })}</div>
            <div className="figure">{pct(b.rollRate)}</div>
            <div className="small">{t("ofInBucket", { n: num(b.rolled), d: num(b.inBucket) })}</div>
            <a className="small" href={drill("rolled", b.bucket)} data-testid={`drill-roll-${b.bucket}`}>{t("casesBehind")}</a>
          </div>
        ))}
      </section>
      <p className="small muted">{t("rollDefinitions")}</p>
      <div className="charts">
        <TrendChart title={t("rollChart")} empty={t("rollChartEmpty")} percent data={chartRows}
          drillBase={{ path: "/supervisor/portfolio/cases", query: qs({ ...noBucket, metric: "rolled" }), grain: r.filter.grain }}
          series={[...shown.map((b, i) => ({ key: `roll_${b.bucket}`, label: t("rollRateFrom", { bucket: tq(`buckets.${b.bucket}` as never) }), color: COLORS[i % COLORS.length]! })),
            { key: "cureRate", label: t("cureRate"), color: "#000000" }]} />
      </div>
      <DataTable testId="roll-rates" empty={t("rollChartEmpty")}
        columns={[{ key: "bucket", label: t("bucket") }, { key: "inBucket", label: t("inBucket"), numeric: true }, { key: "rolled", label: t("rolled"), numeric: true },
          { key: "rollRate", label: t("rollRate"), numeric: true }, { key: "cured", label: t("cured"), numeric: true }, { key: "cureRate", label: t("cureRate"), numeric: true }]}
        rows={tot.buckets.map((b) => ({ id: b.bucket, href: drill("rolled", b.bucket), bucket: tq(`buckets.${b.bucket}` as never), inBucket: b.inBucket, rolled: b.rolled,
          rollRate: pct(b.rollRate), cured: b.cured, cureRate: pct(b.cureRate) }))} />
    </section>
  );
}
