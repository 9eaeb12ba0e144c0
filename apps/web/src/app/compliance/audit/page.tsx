import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { searchAuditEvents, type SearchAuditEvents } from "@casebook/domain";
import { DataTable } from "@/components/dashboards/data-table";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { one, pick, qs, type Search } from "@/lib/search-params";

const AUDIT_KEYS = ["actor", "action", "personId", "caseId", "entityId", "from", "to"] as const;

/** Who saw or changed what. Reading it is audited too. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("compliance", "admin");
  const sp = await searchParams;
  const t = await getTranslations("evidence");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  const filters = pick(sp, AUDIT_KEYS);
  const page = await searchAuditEvents(await contextFor(user), { ...filters, before: one(sp.before), limit: 100 } as SearchAuditEvents).catch(throwForPage);
  const field = (name: (typeof AUDIT_KEYS)[number], label: string, size = 18) => <label>{label}<input name={name} defaultValue={filters[name] ?? ""} size={size} /></label>;
  return (
    <>
      <h1>{t("auditTitle")}</h1>
      <form className="filters" method="get" role="search" data-testid="audit-filters">
        {field("actor", t("actor"))}{field("action", t("action"), 14)}{field("personId", t("personId"), 36)}{field("caseId", t("caseId"), 36)}{field("entityId", t("entityId"))}
        <label>{t("from")}<input type="date" name="from" defaultValue={filters.from ?? ""} /></label>
        <label>{t("to")}<input type="date" name="to" defaultValue={filters.to ?? ""} /></label>
        <button type="submit">{tc("search")}</button>
        <a href="/compliance/audit">{tc("reset")}</a>
        <a href={`/compliance/audit/export?${qs(filters)}`} data-testid="export-audit" download>{t("exportForRegulator")}</a>
      </form>
      <p className="small muted">{t("actionHint")}</p>
      <DataTable testId="audit-log" empty={t("noAudit")}
        columns={[{ key: "at", label: t("when") }, { key: "actor", label: t("actor") }, { key: "action", label: t("action") }, { key: "entity", label: t("entity") },
          { key: "person", label: t("personId") }, { key: "details", label: t("details") }]}
        rows={page.rows.map((r) => ({ id: String(r.id), at: formatTime(r.at, "UTC", locale), actor: r.actorLabel, action: r.action, entity: `${r.entityType}:${r.entityId}`,
          person: r.personId ?? "—", details: JSON.stringify(r.details).slice(0, 200) }))} />
      {page.nextBefore ? <nav className="pager"><a href={`/compliance/audit?${qs({ ...filters, before: String(page.nextBefore) })}`} rel="next">{t("older")}</a></nav> : null}
    </>
  );
}
