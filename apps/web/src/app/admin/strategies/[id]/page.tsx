import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { getStrategyAdmin, NotFoundError } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";

/** One strategy version, read-only: stages in order, each step's offset, channel, party and template. */
export default async function StrategyPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("admin");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("strategy", id));
  const { strategy, stages } = await getStrategyAdmin(await contextFor(user), id).catch(throwForPage);
  const t = await getTranslations("adminConsole.strategies");
  const tk = await getTranslations("adminConsole.strategies.stageKinds");
  const tc = await getTranslations("case.channels");
  const tp = await getTranslations("case.purposes");
  const tr = await getTranslations("case.partyRoles");
  return (
    <>
      <h1>{strategy.name} <span className="muted small">{t("versionOf", { version: strategy.version })} · {strategy.ruleSet} · {strategy.client ?? t("allClients")}</span></h1>
      <p className="muted">{t("readOnly")}</p>
      {stages.map((stage) => (
        <section className="panel" key={stage.id} data-testid={`stage-${stage.kind}`}>
          <h2>{stage.ordinal}. {tk(stage.kind)}</h2>
          <table className="grid">
            <thead><tr><th className="num">{t("offset")}</th><th>{t("channel")}</th><th>{t("party")}</th><th>{t("purpose")}</th><th>{t("template")}</th><th>{t("hours")}</th><th className="num">{t("repeat")}</th></tr></thead>
            <tbody>{stage.steps.map((step) => (
              <tr key={step.id}>
                <td className="num">{t("days", { days: step.dayOffset })}</td><td>{tc(step.channel)}</td><td>{tr(step.partyRole)}</td><td>{tp(step.purpose)}</td>
                <td><a href={`/admin/templates/edit?code=${encodeURIComponent(step.templateCode)}&language=en`}>{step.templateCode}</a></td>
                <td>{step.preferredFrom && step.preferredTo ? `${step.preferredFrom}–${step.preferredTo}` : "—"}</td>
                <td className="num">{step.repeatTimes}</td>
              </tr>
            ))}</tbody>
          </table>
        </section>
      ))}
    </>
  );
}
