import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@casebook/auth";
import { listUsers } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { formatTime } from "@/lib/format";

export default async function UsersPage() {
  const user = await requireRole("admin");
  const users = await listUsers(await contextFor(user));
  const t = await getTranslations("admin");
  const tr = await getTranslations("roles");
  const locale = await getLocale();
  return (
    <>
      <h1>{t("title")}</h1>
      <table className="grid" data-testid="users-table">
        <thead><tr><th>{t("email")}</th><th>{t("name")}</th><th>{t("role")}</th><th>{t("team")}</th><th>{t("staff")}</th><th>{t("locale")}</th><th>{t("lastLogin")}</th><th>{t("active")}</th></tr></thead>
        <tbody>{users.map((u) => (
          <tr key={u.id}><td>{u.email}</td><td>{u.name}</td><td>{tr(u.role)}</td><td>{u.team ?? "—"}</td><td>{u.staffNumber}</td><td>{u.locale}</td>
            <td>{u.lastLoginAt ? formatTime(u.lastLoginAt, user.timeZone, locale) : "—"}</td><td>{u.active ? "✓" : "✗"}</td></tr>
        ))}</tbody>
      </table>
    </>
  );
}
