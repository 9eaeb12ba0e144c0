import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { ruleMessage } from "@casebook/compliance/messages";
import { getDecisionsByRule, listDashboardFilters, type DecisionsByRule } from "@casebook/domain";
import { getLocale } from "next-intl/server";
import { DataTable } from "@/components/dashboards/data-table";
import { RuleBars } from "@/components/dashboards/rule-bars";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { pick, qs, type Search } from "@/lib/search-params";

const KEYS = ["from", "to", "clientId", "strategyId", "channel", "grain"] as const;
const CHANNELS = ["call", "voicemail", "sms", "email", "letter", "visit"] as const;

/** Where outreach is held back, and why: blocks and defers by rule over time (rollup_decisions_daily). */
export default async function RulesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("compliance", "supervisor", "admin");
  const sp = await searchParams;
  const ctx = await contextFor(user);
  const locale = await getLocale();
  const t = await getTranslations("evidence");
  const td = await getTranslations("dashboards");
  const tch = await getTranslations("case");
  const tc = await getTranslations("common");
  const [r, options] = await Promise.all([getDecisionsByRule(ctx, pick(sp, KEYS) as DecisionsByRule).catch(throwForPage), listDashboardFilters(ctx)]);
  const f = r.filter;
  const top = r.rules.slice(0, 6).map((x) => `${x.rule}:${x.outcome}`);
  const canSeeLog = user.role === "compliance" || user.role === "admin";
  return (
    <>
      <h1>{t("rulesTitle")}</h1>
      <form className="filters" method="get" role="search">
        <label>{td("from")}<input type="date" name="from" defaultValue={f.from} /></label>
        <label>{td("to")}<input type="date" name="to" defaultValue={f.to} /></label>
        <label>{td("client")}<select name="clientId" defaultValue={f.clientId ?? ""}><option value="">{tc("all")}</option>{options.clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
        <label>{td("strategy")}<select name="strategyId" defaultValue={f.strategyId ?? ""}><option value="">{tc("all")}</option><option value="none">{td("noStrategy")}</option>{options.strategies.map((s) => <option key={s.id} value={s.id}>{`${s.name} v${s.version}`}</option>)}</select></label>
        <label>{t("channel")}<select name="channel" defaultValue={f.channel ?? ""}><option value="">{tc("all")}</option>{CHANNELS.map((c) => <option key={c} value={c}>{tch(`channels.${c}` as never)}</option>)}</select></label>
        <label>{td("grain")}<select name="grain" defaultValue={f.grain}><option value="day">{td("byDay")}</option><option value="week">{td("byWeek")}</option></select></label>
        <button type="submit">{tc("apply")}</button>
        <a href="/compliance/rules">{tc("reset")}</a>
      </form>
      <p data-testid="decision-totals" data-allow={r.totals.allow} data-defer={r.totals.defer} data-block={r.totals.block}>
        {t("totals", { allow: r.totals.allow, defer: r.totals.defer, block: r.totals.block })}
      </p>
      <RuleBars title={t("rulesChart")} empty={t("noHeldBack", { from: f.from, to: f.to })} keys={top}
        labels={Object.fromEntries(top.map((k) => { const [rule, outcome] = k.split(":"); return [k, `${rule} · ${t(`outcomes.${outcome}` as never)}`]; }))}
        data={r.series.map((p) => ({ period: p.period, ...Object.fromEntries(top.map((k) => [k, p.counts[k] ?? 0])) }))} />
      <DataTable testId="rules-table" empty={t("noHeldBack", { from: f.from, to: f.to })}
        columns={[{ key: "rule", label: t("rule") }, { key: "outcome", label: t("outcome") }, { key: "decisions", label: t("decisionsCount"), numeric: true }, { key: "meaning", label: t("meaning") }]}
        rows={r.rules.map((x) => ({ id: `${x.rule}:${x.outcome}`, ...(canSeeLog ? { href: `/compliance/decisions?${qs({ rule: x.rule, outcome: x.outcome, from: f.from, to: f.to, ...(f.channel ? { channel: f.channel } : {}) })}` } : {}),
          rule: x.rule, outcome: t(`outcomes.${x.outcome}`), decisions: x.decisions, meaning: ruleMessage(x.rule, locale === "zh-CN" ? "zh-CN" : "en") }))} />
    </>
  );
}
