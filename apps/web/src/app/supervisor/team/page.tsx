import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { BUCKETS, getTeamActivity, LIVE_WINDOW_MINUTES, listDashboardFilters, listTeamLive, SESSION_GAP_MINUTES, type TeamFilter } from "@casebook/domain";
import { DataTable } from "@/components/dashboards/data-table";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatMoney } from "@/lib/format";
import { pick, type Search } from "@/lib/search-params";
import { actionLabel } from "./action-label";

const hours = (seconds: number, locale: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(seconds / 3600);

/** The supervisor's team: per-agent work in the range, who is on which case now, and bulk reassignment. */
export default async function TeamPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("supervisor", "admin");
  const sp = await searchParams;
  const ctx = await contextFor(user);
  const locale = await getLocale();
  const t = await getTranslations("team");
  const td = await getTranslations("dashboards");
  const tq = await getTranslations("queue");
  const tc = await getTranslations("common");
  const filter = pick(sp, ["from", "to", "teamId"]) as TeamFilter;
  const [activity, live, options] = await Promise.all([
    getTeamActivity(ctx, filter).catch(throwForPage),
    listTeamLive(ctx, { teamId: filter.teamId }).catch(throwForPage),
    listDashboardFilters(ctx),
  ]);
  const f = activity.filter;
  const currencies = [...new Set(activity.agents.flatMap((a) => Object.keys(a.collected)))].sort();
  const agentOptions = activity.agents.map((a) => <option key={a.userId} value={a.userId}>{`${a.name} (${a.staffNumber})`}</option>);
  return (
    <>
      <h1>{t("title")}</h1>
      <form className="filters" method="get" action="/supervisor/team" data-testid="team-filters">
        <label>{td("from")}<input type="date" name="from" defaultValue={f.from} /></label>
        <label>{td("to")}<input type="date" name="to" defaultValue={f.to} /></label>
        {user.role === "admin" ? (
          <label>{td("team")}<select name="teamId" defaultValue={f.teamId ?? ""}><option value="">{tc("all")}</option>{options.teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select></label>
        ) : (user.teamIds?.length ?? 0) > 1 ? (
          // A supervisor of several teams (issue 14) picks one of their own; the verbs refuse any other.
          <label>{td("team")}<select name="teamId" defaultValue={f.teamId ?? ""} data-testid="team-select">{options.teams.filter((x) => user.teamIds!.includes(x.id)).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select></label>
        ) : null}
        <button type="submit">{tc("apply")}</button>
      </form>

      <h2>{t("activityTitle")}</h2>
      <DataTable testId="team-activity" empty={t("emptyActivity")}
        columns={[{ key: "agent", label: t("agent") }, { key: "attempts", label: td("attempts"), numeric: true }, { key: "conversations", label: t("conversations"), numeric: true },
          { key: "rpcs", label: td("rpcs"), numeric: true }, { key: "promises", label: td("promisesMade"), numeric: true },
          ...currencies.map((c) => ({ key: `collected_${c}`, label: td("collected", { currency: c }), numeric: true })),
          { key: "hours", label: t("hoursOnCases"), numeric: true }, { key: "cases", label: t("casesTouched"), numeric: true }]}
        rows={activity.agents.map((a) => ({ id: a.userId, agent: `${a.name} (${a.staffNumber})`, attempts: a.attempts, conversations: a.conversations, rpcs: a.rpcs,
          promises: a.promises, ...Object.fromEntries(currencies.map((c) => [`collected_${c}`, formatMoney(a.collected[c] ?? 0, c, locale)])),
          hours: hours(a.secondsOnCases, locale), seconds: a.secondsOnCases, cases: a.casesTouched }))} />
      <p className="small muted">{t("activityDefinitions", { gap: SESSION_GAP_MINUTES, from: f.from, to: f.to })}</p>

      <h2>{t("liveTitle")}</h2>
      <DataTable testId="team-live" empty={t("emptyLive")}
        columns={[{ key: "agent", label: t("agent") }, { key: "debtor", label: td("debtor") }, { key: "client", label: td("client") },
          { key: "action", label: t("lastAction") }, { key: "at", label: t("at") }, { key: "openCases", label: t("openCases"), numeric: true }]}
        rows={live.map((a) => ({ id: a.userId, agent: a.name, ...(a.caseId ? { href: `/cases/${a.caseId}` } : {}), debtor: a.personName ?? t("idle"),
          client: a.clientName ?? "", action: a.action ? actionLabel(a.action, t) : "", caseId: a.caseId ?? "",
          at: a.at ? new Intl.DateTimeFormat(locale, { timeStyle: "short", dateStyle: "short", timeZone: user.timeZone }).format(a.at) : "", openCases: a.openCases }))} />
      <p className="small muted">{t("liveDefinitions", { minutes: LIVE_WINDOW_MINUTES })}</p>

      <h2>{t("reassignTitle")}</h2>
      <form className="filters" method="get" action="/supervisor/team/reassign" data-testid="reassign-filter">
        {f.teamId ? <input type="hidden" name="teamId" value={f.teamId} /> : null}
        <label>{td("client")}<select name="clientId" defaultValue=""><option value="">{tc("all")}</option>{options.clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
        <label>{td("strategy")}<select name="strategyId" defaultValue=""><option value="">{tc("all")}</option><option value="none">{td("noStrategy")}</option>{options.strategies.map((s) => <option key={s.id} value={s.id}>{`${s.name} v${s.version}`}</option>)}</select></label>
        <label>{td("bucket")}<select name="bucket" defaultValue=""><option value="">{tc("all")}</option>{BUCKETS.map((b) => <option key={b} value={b}>{tq(`buckets.${b}`)}</option>)}</select></label>
        <label>{t("status")}<select name="status" defaultValue="open"><option value="open">{t("statusOpen")}</option><option value="closed">{t("statusClosed")}</option></select></label>
        <label>{t("currentAgent")}<select name="ownerUserId" defaultValue=""><option value="">{tc("all")}</option><option value="none">{t("unassigned")}</option>{agentOptions}</select></label>
        <label>{t("toAgent")}<select name="toUserId" required defaultValue="">{[<option key="" value="" disabled>{t("chooseAgent")}</option>, ...agentOptions]}</select></label>
        <button type="submit">{t("preview")}</button>
      </form>
      <p className="small muted">{t("reassignHelp")}</p>
    </>
  );
}
