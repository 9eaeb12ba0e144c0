import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { listStrategiesAdmin } from "@casebook/domain";
import { contextFor } from "@/lib/context";

/** Every strategy version, drafts and published ones; each opens its editor (drafts) or its read-only view. */
export default async function StrategiesPage() {
  const user = await requireRole("admin");
  const strategies = await listStrategiesAdmin(await contextFor(user));
  const t = await getTranslations("adminConsole.strategies");
  return (
    <>
      <h1>{t("title")}</h1>
      <table className="grid" data-testid="strategies-table">
        <thead><tr><th>{t("name")}</th><th className="num">{t("version")}</th><th>{t("ruleSet")}</th><th>{t("client")}</th><th>{t("segment")}</th><th>{t("status")}</th><th className="num">{t("openCases")}</th></tr></thead>
        <tbody>{strategies.map((x) => (
          <tr key={x.id} data-testid={`strategy-${x.name}-${x.version}`}>
            <td><a href={`/admin/strategies/${x.id}`}>{x.name}</a></td><td className="num">{x.version}</td><td>{x.ruleSet}</td><td>{x.client ?? t("allClients")}</td>
            <td>{x.segment}</td><td>{x.status === "draft" ? t("statusDraft") : x.active ? t("active") : t("inactive")}</td><td className="num">{x.openCases ?? 0}</td>
          </tr>
        ))}</tbody>
      </table>
    </>
  );
}
