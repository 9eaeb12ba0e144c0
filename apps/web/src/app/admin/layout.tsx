import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";

/** Every admin page is refused to other roles here and again in each page, action and verb. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireRole("admin");
  const t = await getTranslations("adminConsole.nav");
  return (
    <>
      <nav className="subnav" aria-label="admin">
        <a href="/admin/users">{t("users")}</a>
        <a href="/admin/teams">{t("teams")}</a>
        <a href="/admin/clients">{t("clients")}</a>
        <a href="/admin/templates">{t("templates")}</a>
        <a href="/admin/strategies">{t("strategies")}</a>
        <a href="/admin/imports">{t("imports")}</a>
      </nav>
      {children}
    </>
  );
}
