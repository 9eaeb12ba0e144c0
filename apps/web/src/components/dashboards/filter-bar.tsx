import { getTranslations } from "next-intl/server";
import { BUCKETS, type DashboardFilters, type ResolvedFilter } from "@casebook/domain";

/** The slice every dashboard figure is filtered by: a plain GET form (works without JavaScript). */
export async function FilterBar({ action, filter, options, hidden = {} }: {
  action: string;
  filter: ResolvedFilter;
  options: DashboardFilters;
  hidden?: Record<string, string>;
}) {
  const t = await getTranslations("dashboards");
  const tq = await getTranslations("queue");
  const tc = await getTranslations("common");
  return (
    <form className="filters" method="get" action={action} role="search" data-testid="dashboard-filters">
      {Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <label>{t("from")}<input type="date" name="from" defaultValue={filter.from} /></label>
      <label>{t("to")}<input type="date" name="to" defaultValue={filter.to} /></label>
      <label>{t("client")}<select name="clientId" defaultValue={filter.clientId ?? ""}><option value="">{tc("all")}</option>{options.clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
      <label>{t("team")}<select name="teamId" defaultValue={filter.teamId ?? ""}><option value="">{tc("all")}</option>{options.teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select></label>
      <label>{t("strategy")}<select name="strategyId" defaultValue={filter.strategyId ?? ""}><option value="">{tc("all")}</option><option value="none">{t("noStrategy")}</option>{options.strategies.map((s) => <option key={s.id} value={s.id}>{`${s.name} v${s.version}`}</option>)}</select></label>
      <label>{t("bucket")}<select name="bucket" defaultValue={filter.bucket ?? ""}><option value="">{tc("all")}</option>{BUCKETS.map((b) => <option key={b} value={b}>{tq(`buckets.${b}`)}</option>)}</select></label>
      <label>{t("grain")}<select name="grain" defaultValue={filter.grain}><option value="day">{t("byDay")}</option><option value="week">{t("byWeek")}</option></select></label>
      <button type="submit">{tc("apply")}</button>
      <a href={action}>{tc("reset")}</a>
    </form>
  );
}
