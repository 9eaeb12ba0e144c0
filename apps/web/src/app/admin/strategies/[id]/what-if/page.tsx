import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { DomainError, getStrategyAdmin, listClientsAdmin, NotFoundError, SIM_CHANNELS, whatIfStrategy, type WhatIfReport, type WhatIfResult } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { VolumeChart } from "@/components/admin/volume-chart";

type Query = { cases?: string; weeks?: string; client?: string; run?: string };

/**
 * The what-if of one strategy version: a sample of the open portfolio simulated for some weeks, in memory,
 * next to the version it is compared with: steps the gate would allow, defer or block, by rule, and the
 * contacts per day per channel. Runs only when asked (?run=1): it reads thousands of cases.
 */
export default async function WhatIfPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Query> }) {
  const user = await requireRole("admin");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("strategy", id));
  const q = await searchParams;
  const ctx = await contextFor(user);
  const { strategy } = await getStrategyAdmin(ctx, id).catch(throwForPage);
  const clients = (await listClientsAdmin(ctx)).filter((c) => c.ruleSet === strategy.ruleSet && (!strategy.clientId || c.id === strategy.clientId));
  const t = await getTranslations("adminConsole.strategies.whatIf");
  const ts = await getTranslations("adminConsole.strategies");
  const tc = await getTranslations("case.channels");
  const te = await getTranslations("errors.domain");
  const cases = Math.min(10_000, Math.max(1, Number(q.cases) || 1_000));
  const weeks = Math.min(12, Math.max(1, Number(q.weeks) || 6));
  const clientId = q.client && /^[0-9a-f-]{36}$/i.test(q.client) ? q.client : undefined;

  let report: WhatIfReport | null = null;
  let error: string | null = null;
  if (q.run) {
    try {
      report = await whatIfStrategy(ctx, { strategyId: id, cases, weeks, ...(clientId ? { clientId } : {}) });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      error = te(e.key as never);
    }
  }
  const labels = Object.fromEntries(SIM_CHANNELS.map((c) => [c, tc(c)]));
  const versions: Array<{ label: string; r: WhatIfResult; testId: string }> = report
    ? [{ label: ts("versionOf", { version: strategy.version }), r: report.result, testId: "whatif-this" }, ...(report.compare ? [{ label: ts("versionOf", { version: report.compare.version }), r: report.compare, testId: "whatif-compare" }] : [])]
    : [];
  const max = Math.max(0, ...versions.flatMap((v) => v.r.perDay.map((d) => SIM_CHANNELS.reduce((n, c) => n + d[c], 0))));
  const rules = [...new Set(versions.flatMap((v) => v.r.byRule.map((x) => x.rule)))].sort();
  return (
    <>
      <h1>{t("title", { name: strategy.name, version: strategy.version })}</h1>
      <p><a href={`/admin/strategies/${id}`}>{t("back")}</a></p>
      <form method="get" className="form panel" data-testid="whatif-form">
        <input type="hidden" name="run" value="1" />
        <div className="row">
          <label>{t("cases")}<input type="number" name="cases" min={1} max={10000} defaultValue={cases} /></label>
          <label>{t("weeks")}<input type="number" name="weeks" min={1} max={12} defaultValue={weeks} /></label>
          <label>{t("client")}
            <select name="client" defaultValue={clientId ?? ""}>
              <option value="">{t("allClients")}</option>
              {clients.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.code})</option>)}
            </select>
          </label>
          <button type="submit">{t("run")}</button>
        </div>
        <p className="small muted">{t("help")}</p>
      </form>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {report ? (
        <>
          <p data-testid="whatif-sample">{t("sample", { cases: report.sample.cases, weeks: report.weeks, seconds: ((report.sample.readMs + report.sample.simulateMs) / 1000).toFixed(1) })}</p>
          <section className="panel">
            <h2>{t("stepsTitle")}</h2>
            <table className="grid" data-testid="whatif-steps">
              <thead><tr><th />{versions.map((v) => <th key={v.testId} className="num">{v.label}</th>)}</tr></thead>
              <tbody>
                {(["planned", "allowed", "deferredOnce", "deferredAtEnd", "blocked", "noTemplate", "noContactPoint"] as const).map((k) => (
                  <tr key={k} data-testid={`whatif-steps-${k}`}><th>{t(`steps.${k}`)}</th>{versions.map((v) => <td key={v.testId} className="num">{v.r.steps[k]}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel">
            <h2>{t("rulesTitle")}</h2>
            {rules.length === 0 ? <p className="muted">{t("noRefusal")}</p> : (
              <table className="grid" data-testid="whatif-rules">
                <thead><tr><th>{t("rule")}</th>{versions.map((v) => <th key={v.testId} className="num" colSpan={2}>{v.label}</th>)}</tr>
                  <tr><th />{versions.map((v) => [<th key={`${v.testId}d`} className="num">{t("deferred")}</th>, <th key={`${v.testId}b`} className="num">{t("blocked")}</th>])}</tr></thead>
                <tbody>{rules.map((rule) => (
                  <tr key={rule} data-testid={`whatif-rule-${rule}`}><td><code>{rule}</code></td>
                    {versions.map((v) => {
                      const x = v.r.byRule.find((r) => r.rule === rule);
                      return [<td key={`${v.testId}d`} className="num" data-testid={`${v.testId}-defer`}>{x?.defer ?? 0}</td>, <td key={`${v.testId}b`} className="num" data-testid={`${v.testId}-block`}>{x?.block ?? 0}</td>];
                    })}
                  </tr>
                ))}</tbody>
              </table>
            )}
          </section>
          <section className="panel">
            <h2>{t("volumeTitle")}</h2>
            {versions.map((v) => (
              <div key={v.testId} data-testid={`${v.testId}-volume`} data-total={v.r.perDay.reduce((n, d) => n + SIM_CHANNELS.reduce((m, c) => m + d[c], 0), 0)}>
                <VolumeChart title={t("volumeOf", { version: v.label })} data={v.r.perDay.map((d) => ({ ...d, day: d.day.slice(5) }))} keys={[...SIM_CHANNELS]} labels={labels} max={max} />
              </div>
            ))}
          </section>
        </>
      ) : null}
    </>
  );
}
