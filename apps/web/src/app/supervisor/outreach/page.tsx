import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { getOutreachFunnel, getQueueHealth, listDashboardFilters, listDispatchLog, THROUGHPUT_WINDOW_MINUTES, type OutreachFilter } from "@casebook/domain";
import { ActionForm } from "@/components/action-form";
import { DataTable } from "@/components/dashboards/data-table";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { appProducer } from "@/lib/infra";
import { pick, type Search } from "@/lib/search-params";
import { retryJobAction } from "./actions";

/** Outreach: per strategy and stage what happened to its steps, the dispatch log with each decision,
 *  and queue health read from BullMQ with a retry for failed jobs. */
export default async function OutreachPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireRole("supervisor", "admin");
  const sp = await searchParams;
  const ctx = await contextFor(user);
  const locale = await getLocale();
  const t = await getTranslations("outreach");
  const td = await getTranslations("dashboards");
  const tc = await getTranslations("common");
  const filter = pick(sp, ["from", "to", "clientId", "strategyId"]) as OutreachFilter;
  const [funnel, log, options, health] = await Promise.all([
    getOutreachFunnel(ctx, filter).catch(throwForPage),
    listDispatchLog(ctx, filter).catch(throwForPage),
    listDashboardFilters(ctx),
    // Redis down must not take the page with it: the health section says so instead.
    getQueueHealth(ctx, appProducer(), Date.now()).catch((error: unknown) => (error instanceof Error && error.name === "ForbiddenError" ? throwForPage(error) : null)),
  ]);
  const f = funnel.filter;
  const when = (d: Date | null) => (d ? new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: user.timeZone }).format(d) : "");
  return (
    <>
      <h1>{t("title")}</h1>
      <form className="filters" method="get" action="/supervisor/outreach" data-testid="outreach-filters">
        <label>{td("from")}<input type="date" name="from" defaultValue={f.from} /></label>
        <label>{td("to")}<input type="date" name="to" defaultValue={f.to} /></label>
        <label>{td("client")}<select name="clientId" defaultValue={f.clientId ?? ""}><option value="">{tc("all")}</option>{options.clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
        <label>{td("strategy")}<select name="strategyId" defaultValue={f.strategyId ?? ""}><option value="">{tc("all")}</option>{options.strategies.map((s) => <option key={s.id} value={s.id}>{`${s.name} v${s.version}`}</option>)}</select></label>
        <button type="submit">{tc("apply")}</button>
      </form>

      <h2>{t("healthTitle")}</h2>
      {health === null ? <p className="panel field-error" role="alert" data-testid="queues-down">{t("queuesDown")}</p> : (
        <>
          <DataTable testId="queue-health" empty={t("noQueues")}
            columns={[{ key: "queue", label: t("queue") }, { key: "waiting", label: t("waiting"), numeric: true }, { key: "active", label: t("active"), numeric: true },
              { key: "delayed", label: t("delayed"), numeric: true }, { key: "failed", label: t("failed"), numeric: true },
              { key: "completedRecently", label: t("throughput", { minutes: THROUGHPUT_WINDOW_MINUTES }), numeric: true }]}
            rows={health.queues.map((q) => ({ id: q.queue, queue: t(`queues.${q.queue}` as never), waiting: q.waiting, active: q.active, delayed: q.delayed, failed: q.failed, completedRecently: q.completedRecently }))} />
          <p data-testid="given-up" data-total={health.givenUp.total}>{t("givenUp", { total: health.givenUp.total, failed: health.givenUp.failed, reconcile: health.givenUp.reconcile })}</p>
          <p className="small muted">{t("healthDefinitions", { minutes: THROUGHPUT_WINDOW_MINUTES })}</p>
          <h3>{t("failedJobsTitle")}</h3>
          {health.failedJobs.length === 0 ? <p className="panel muted" data-testid="failed-jobs-empty">{t("noFailedJobs")}</p> : (
            <table className="grid" data-testid="failed-jobs">
              <thead><tr><th>{t("queue")}</th><th>{t("job")}</th><th>{t("error")}</th><th className="num">{t("attempts")}</th><th>{t("failedAt")}</th><th>{t("retry")}</th></tr></thead>
              <tbody>{health.failedJobs.map((j) => (
                <tr key={`${j.queue}:${j.id}`} data-job-id={j.id}>
                  <td>{t(`queues.${j.queue}` as never)}</td><td className="small">{`${j.name} #${j.id}`}</td><td className="small">{j.reason}</td>
                  <td className="num">{j.attempts}</td><td>{when(j.failedAt)}</td>
                  <td><ActionForm action={retryJobAction} hidden={{ queue: j.queue, jobId: j.id }} submitLabel={t("retry")} testId={`retry-${j.id}`} fields={[]} /></td>
                </tr>
              ))}</tbody>
            </table>
          )}
        </>
      )}

      <h2>{t("funnelTitle")}</h2>
      <DataTable testId="outreach-funnel" empty={t("noStrategies")}
        columns={[{ key: "strategy", label: td("strategy") }, { key: "stage", label: t("stage") }, { key: "cases", label: t("casesInStage"), numeric: true },
          { key: "planned", label: t("planned"), numeric: true }, { key: "sent", label: t("sent"), numeric: true }, { key: "deferred", label: t("deferred"), numeric: true },
          { key: "blocked", label: t("blocked"), numeric: true }, { key: "failedSteps", label: t("failed"), numeric: true }, { key: "givenUp", label: t("givenUpSteps"), numeric: true },
          { key: "cancelled", label: t("cancelled"), numeric: true }]}
        rows={funnel.stages.map((s) => ({ id: s.stageId, strategy: `${s.strategyName} v${s.strategyVersion}`, stage: t(`stages.${s.stage}` as never), cases: s.cases,
          planned: s.planned, sent: s.sent, deferred: s.deferred, blocked: s.blocked, failedSteps: s.failed, givenUp: s.givenUp, cancelled: s.cancelled }))} />
      <p className="small muted">{t("funnelDefinitions", { from: f.from, to: f.to })}</p>

      <h2>{t("logTitle")}</h2>
      <DataTable testId="dispatch-log" empty={t("noLog", { from: f.from, to: f.to })}
        columns={[{ key: "decision", label: t("decision") }, { key: "due", label: t("due") }, { key: "strategy", label: td("strategy") }, { key: "stage", label: t("stage") },
          { key: "channel", label: t("channel") }, { key: "state", label: t("state") }, { key: "rules", label: t("rules") }, { key: "updated", label: t("updated") }]}
        rows={log.rows.map((r) => ({ id: r.stepId, ...(r.decisionId ? { href: `/compliance/decisions/${r.decisionId}` } : {}),
          decision: r.decision ? t(`decisions.${r.decision}` as never) : "", due: when(r.dueAt), strategy: r.strategyName ?? "", stage: r.stage ? t(`stages.${r.stage}` as never) : "",
          channel: t(`channels.${r.channel}` as never), state: t(`states.${r.state}` as never), rules: r.rules.join(", "), updated: when(r.updatedAt) }))} />
    </>
  );
}
