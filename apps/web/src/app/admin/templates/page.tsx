import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { listTemplates } from "@casebook/domain";
import { contextFor } from "@/lib/context";

/** Every template's newest version per language, each opening the editor. */
export default async function TemplatesPage() {
  const user = await requireRole("admin");
  const templates = await listTemplates(await contextFor(user));
  const t = await getTranslations("adminConsole.templates");
  const tc = await getTranslations("case.channels");
  const td = await getTranslations("adminConsole.templates.disclosures");
  return (
    <>
      <h1>{t("title")}</h1>
      <p><a href="/admin/templates/edit" data-testid="new-template">{t("new")}</a></p>
      <table className="grid" data-testid="templates-table">
        <thead><tr><th>{t("code")}</th><th>{t("language")}</th><th className="num">{t("version")}</th><th>{t("channel")}</th><th>{t("ruleSet")}</th><th>{t("discloses")}</th></tr></thead>
        <tbody>{templates.map((x) => (
          <tr key={x.id} data-testid={`template-${x.code}-${x.language}`}>
            <td><a href={`/admin/templates/edit?code=${encodeURIComponent(x.code)}&language=${x.language}`}>{x.code}</a></td>
            <td>{x.language}</td><td className="num">{x.version}</td><td>{tc(x.channel)}</td><td>{x.ruleSet}</td><td>{td(x.discloses)}</td>
          </tr>
        ))}</tbody>
      </table>
    </>
  );
}
