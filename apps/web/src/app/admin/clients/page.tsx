import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { listClientsAdmin } from "@casebook/domain";
import { contextFor } from "@/lib/context";

export default async function ClientsPage() {
  const user = await requireRole("admin");
  const clients = await listClientsAdmin(await contextFor(user));
  const t = await getTranslations("adminConsole.clients");
  return (
    <>
      <h1>{t("title")}</h1>
      <p><a href="/admin/clients/new" data-testid="new-client">{t("new")}</a></p>
      <table className="grid" data-testid="clients-table">
        <thead><tr><th>{t("code")}</th><th>{t("name")}</th><th>{t("country")}</th><th>{t("currency")}</th><th>{t("ruleSet")}</th><th className="num">{t("version")}</th><th /></tr></thead>
        <tbody>{clients.map((c) => (
          <tr key={c.id}><td>{c.code}</td><td>{c.name}</td><td>{c.country}</td><td>{c.currency}</td><td>{c.ruleSet}</td>
            <td className="num">{c.policyVersion === 0 ? `0 (${t("createdWith")})` : c.policyVersion}</td>
            <td><a href={`/admin/clients/${c.id}`} data-testid={`client-${c.code}`}>{t("open")}</a></td></tr>
        ))}</tbody>
      </table>
    </>
  );
}
