import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { searchDecisions, type SearchDecisions } from "@casebook/domain";
import { DataTable } from "@/components/dashboards/data-table";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { one, pick, qs, type Search } from "@/lib/search-params";

const KEYS = ["person", "caseId", "accountReference", "rule", "outcome", "channel", "from", "to"] as const;
const CHANNELS = ["call", "voicemail", "sms", "email", "letter", "visit"] as const;

/** The decision log: every gate decision, searchable; each row opens its input and explanation. */
export default async function DecisionLogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("compliance", "admin");
  const sp = await searchParams;
  const ctx = await contextFor(user);
  const locale = await getLocale();
  const t = await getTranslations("evidence");
  const ta = await getTranslations("case");
  const tc = await getTranslations("common");
  const filters = pick(sp, KEYS);
  const page = await searchDecisions(ctx, { ...filters, after: one(sp.after), limit: 50 } as SearchDecisions).catch(throwForPage);
  const field = (name: (typeof KEYS)[number], label: string, size = 16) => <label>{label}<input name={name} defaultValue={filters[name] ?? ""} size={size} /></label>;
  return (
    <>
      <h1>{t("decisionsTitle")}</h1>
      <form className="filters" method="get" role="search" data-testid="decision-filters">
        {field("person", t("person"), 20)}{field("caseId", t("caseId"), 20)}{field("accountReference", t("accountReference"))}{field("rule", t("rule"))}
        <label>{t("outcome")}<select name="outcome" defaultValue={filters.outcome ?? ""}><option value="">{tc("all")}</option>{(["allow", "defer", "block"] as const).map((o) => <option key={o} value={o}>{t(`outcomes.${o}`)}</option>)}</select></label>
        <label>{t("channel")}<select name="channel" defaultValue={filters.channel ?? ""}><option value="">{tc("all")}</option>{CHANNELS.map((c) => <option key={c} value={c}>{ta(`channels.${c}` as never)}</option>)}</select></label>
        <label>{t("from")}<input type="date" name="from" defaultValue={filters.from ?? ""} /></label>
        <label>{t("to")}<input type="date" name="to" defaultValue={filters.to ?? ""} /></label>
        <button type="submit">{tc("search")}</button>
        <a href="/compliance/decisions">{tc("reset")}</a>
      </form>
      <DataTable testId="decision-log" empty={Object.keys(filters).length ? t("noDecisionsMatch") : t("noDecisions")}
        columns={[{ key: "at", label: t("evaluatedAt") }, { key: "person", label: t("person") }, { key: "channel", label: t("channel") },
          { key: "purpose", label: t("purpose") }, { key: "outcome", label: t("outcome") }, { key: "rules", label: t("rules") }, { key: "ruleSet", label: t("ruleSet") }]}
        rows={page.rows.map((r) => ({ id: r.id, href: `/compliance/decisions/${r.id}`, at: formatTime(r.evaluatedAt, "UTC", locale), person: r.personName,
          channel: ta(`channels.${r.channel}` as never), purpose: r.purpose ? t(`purposes.${r.purpose}` as never) : "—", outcome: t(`outcomes.${r.decision}`),
          rules: r.rules.join(", ") || "—", ruleSet: r.ruleSet }))} />
      {page.nextCursor ? <nav className="pager"><a href={`/compliance/decisions?${qs({ ...filters, after: page.nextCursor })}`} rel="next">{t("older")}</a></nav> : null}
    </>
  );
}
