import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { BUCKETS, listClients, listQueue, WORKABLE_ACCOUNT_STATUSES, type ListQueue } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { formatMoney, formatTime } from "@/lib/format";
import { throwForPage } from "@/lib/errors";
import { QueueTable, type QueueTableRow } from "./queue-table";

// The queue holds workable cases only, so its status filter offers only those statuses (label and cases agree).
const STATUSES = WORKABLE_ACCOUNT_STATUSES;
type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function QueuePage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("agent", "supervisor", "compliance", "admin");
  const sp = await searchParams;
  const ctx = await contextFor(user);
  const locale = await getLocale();
  const t = await getTranslations("queue");
  const tc = await getTranslations("common");
  const input: ListQueue = {
    bucket: one(sp.bucket) as ListQueue["bucket"], status: one(sp.status) as ListQueue["status"], clientId: one(sp.client),
    q: one(sp.q), after: one(sp.after), before: one(sp.before), limit: 50,
  };
  const [page, clients] = await Promise.all([listQueue(ctx, input).catch(throwForPage), listClients(ctx)]);
  const keep = new URLSearchParams();
  for (const k of ["bucket", "status", "client", "q"] as const) { const v = one(sp[k]); if (v) keep.set(k, v); }
  const link = (extra: Record<string, string>) => `/queue?${new URLSearchParams({ ...Object.fromEntries(keep), ...extra }).toString()}`;
  const rows: QueueTableRow[] = page.rows.map((r) => ({
    caseId: r.caseId, name: r.personName, client: r.clientName, reason: t(`reasons.${r.priorityReason}` as never),
    reasonCode: r.priorityReason, balance: formatMoney(r.balanceMinor, r.currency, locale), dpd: r.dpd, bucket: t(`buckets.${r.bucket}` as never),
    statuses: r.statuses.map((s) => t(`statuses.${s}` as never)).join(", "),
    localTime: r.timeZone ? formatTime(ctx.now, r.timeZone, locale, false) : "—",
    href: `/cases/${r.caseId}?${keep.toString()}`,
  }));
  return (
    <>
      <h1>{t("title")}</h1>
      <form className="filters" method="get" role="search">
        <label>{t("searchLabel")}<input name="q" defaultValue={one(sp.q)} size={28} data-testid="queue-search" /></label>
        <label>{t("bucket")}<select name="bucket" defaultValue={one(sp.bucket) ?? ""}><option value="">{tc("all")}</option>{BUCKETS.map((b) => <option key={b} value={b}>{t(`buckets.${b}`)}</option>)}</select></label>
        <label>{t("status")}<select name="status" defaultValue={one(sp.status) ?? ""}><option value="">{tc("all")}</option>{STATUSES.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}</select></label>
        <label>{t("client")}<select name="client" defaultValue={one(sp.client) ?? ""}><option value="">{tc("all")}</option>{clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
        <button type="submit">{tc("apply")}</button>
        <a href="/queue">{tc("reset")}</a>
      </form>
      <QueueTable rows={rows} labels={{ position: t("position"), reason: t("reason"), name: t("name"), client: t("client"), balance: t("balance"), dpd: t("dpd"), bucket: t("bucket"), status: t("status"), localTime: t("localTime"), empty: t("empty") }} />
      <nav className="pager" aria-label="pages">
        {input.after || input.before ? <a href={`/queue?${keep.toString()}`} data-testid="first-page">{t("first")}</a> : null}
        {page.prevCursor ? <a href={link({ before: page.prevCursor })} rel="prev">{t("prev")}</a> : null}
        {page.nextCursor ? <a href={link({ after: page.nextCursor })} rel="next" data-testid="next-page">{t("next")}</a> : null}
        <span className="muted small">{t("count", { count: rows.length })}</span>
      </nav>
    </>
  );
}
