import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { listTeams, listUsers } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { formatTime } from "@/lib/format";
import { ActionForm } from "@/components/action-form";
import { createUserAction } from "../actions";

const ROLES = ["agent", "supervisor", "compliance", "admin"] as const;

export default async function UsersPage() {
  const user = await requireRole("admin");
  const ctx = await contextFor(user);
  const [users, teams] = await Promise.all([listUsers(ctx), listTeams(ctx)]);
  const t = await getTranslations("admin");
  const tu = await getTranslations("adminConsole.users");
  const tr = await getTranslations("roles");
  const locale = await getLocale();
  const roleOptions = ROLES.map((r) => ({ value: r, label: tr(r) }));
  return (
    <>
      <h1>{t("title")}</h1>
      <table className="grid" data-testid="users-table">
        <thead><tr><th>{t("email")}</th><th>{t("name")}</th><th>{t("role")}</th><th>{t("team")}</th><th>{t("staff")}</th><th>{t("locale")}</th><th>{t("lastLogin")}</th><th>{t("active")}</th></tr></thead>
        <tbody>{users.map((u) => (
          <tr key={u.id} data-testid={`user-${u.email}`}><td><a href={`/admin/users/${u.id}`} data-testid={`manage-${u.email}`}>{u.email}</a></td><td>{u.name}</td><td>{tr(u.role)}</td><td>{u.team ?? "—"}</td><td>{u.staffNumber}</td><td>{u.locale}</td>
            <td>{u.lastLoginAt ? formatTime(u.lastLoginAt, user.timeZone, locale) : "—"}</td><td>{u.active ? "✓" : tu("inactive")}</td></tr>
        ))}</tbody>
      </table>
      <section className="panel">
        <h2>{tu("create")}</h2>
        <ActionForm action={createUserAction} submitLabel={tu("createSubmit")} testId="create-user" fields={[
          { name: "email", label: t("email"), type: "email", required: true },
          { name: "name", label: t("name"), required: true },
          { name: "role", label: t("role"), type: "select", options: roleOptions },
          { name: "teamId", label: tu("team"), type: "select", options: [{ value: "", label: tu("noTeam") }, ...teams.map((team) => ({ value: team.id, label: team.name }))] },
          ...teams.map((team) => ({ name: `team_${team.id}`, label: `${tu("otherTeams")}: ${team.name}`, type: "checkbox" as const })),
          { name: "staffNumber", label: tu("staffNumber"), required: true },
          { name: "locale", label: tu("locale"), type: "select", options: [{ value: "en", label: "English" }, { value: "zh-CN", label: "中文" }] },
          { name: "timeZone", label: tu("timeZone"), defaultValue: "America/New_York" },
        ]} />
      </section>
    </>
  );
}
