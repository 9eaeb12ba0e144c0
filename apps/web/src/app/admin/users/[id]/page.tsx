import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { getUserAdmin, listTeams, NotFoundError } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { formatTime } from "@/lib/format";
import { throwForPage } from "@/lib/errors";
import { ActionForm } from "@/components/action-form";
import { changeUserRoleAction, deactivateUserAction, reactivateUserAction, resetUserPasswordAction, setUserTeamsAction } from "../actions";

const ROLES = ["agent", "supervisor", "compliance", "admin"] as const;
const HISTORY = ["user.create", "user.change_role", "user.change_teams", "user.reset_password", "user.deactivate", "user.reactivate", "user.change_password"] as const;

/** One staff user: change role and team, reset the password, deactivate or reactivate; each change
 *  behind a confirmation box, each ending the user's sessions (the verbs say which). */
export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireRole("admin");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("user", id));
  const ctx = await contextFor(admin);
  const [{ user, history }, teams] = await Promise.all([getUserAdmin(ctx, id).catch(throwForPage), listTeams(ctx)]);
  const t = await getTranslations("admin");
  const tu = await getTranslations("adminConsole.users");
  const tr = await getTranslations("roles");
  const locale = await getLocale();
  const when = (d: Date) => formatTime(d, admin.timeZone, locale);
  const self = user.id === admin.id;
  const confirm = (label: string) => ({ name: "confirm", label, type: "checkbox" as const });
  return (
    <>
      <h1>{user.name} <span className="muted small">{user.email}</span></h1>
      <section className="panel">
        <dl className="kv" data-testid="user-facts">
          <dt>{t("role")}</dt><dd data-testid="user-role">{tr(user.role)}</dd>
          <dt>{t("team")}</dt><dd>{user.team ?? "—"}</dd>
          <dt>{tu("teams")}</dt>
          <dd data-testid="user-teams">{user.teams.length === 0 ? "—" : user.teams.map((x) => (x.id === user.teamId ? `${x.name} (${tu("primary")})` : x.name)).join(", ")}</dd>
          <dt>{t("staff")}</dt><dd>{user.staffNumber}</dd>
          <dt>{t("locale")}</dt><dd>{user.locale}</dd>
          <dt>{t("lastLogin")}</dt><dd>{user.lastLoginAt ? when(user.lastLoginAt) : "—"}</dd>
          <dt>{tu("status")}</dt>
          <dd data-testid="user-status-text">{user.active ? tu("activeNow") : tu("inactive")}{user.passwordChangeRequired ? ` · ${tu("mustChange")}` : ""}</dd>
        </dl>
      </section>

      {self ? <p className="muted" data-testid="self-note">{tu("selfNote")}</p> : (
        <>
          <section className="panel">
            <h2>{tu("changeRole")}</h2>
            <ActionForm action={changeUserRoleAction} hidden={{ userId: user.id }} submitLabel={tu("changeRole")} testId="change-role" fields={[
              { name: "role", label: t("role"), type: "select", defaultValue: user.role, options: ROLES.map((r) => ({ value: r, label: tr(r) })) },
              { name: "teamId", label: tu("team"), type: "select", defaultValue: user.teamId ?? "",
                options: [{ value: "", label: tu("noTeam") }, ...teams.map((team) => ({ value: team.id, label: team.name }))] },
              confirm(tu("confirmRole")),
            ]} />
          </section>
          <section className="panel">
            <h2>{tu("changeTeams")}</h2>
            <p className="small muted">{tu("teamsHelp")}</p>
            <ActionForm action={setUserTeamsAction} hidden={{ userId: user.id }} submitLabel={tu("changeTeams")} testId="change-teams" fields={[
              ...teams.map((team) => ({ name: `team_${team.id}`, label: team.name, type: "checkbox" as const, defaultValue: user.teams.some((x) => x.id === team.id) ? "on" : "" })),
              confirm(tu("confirmTeams")),
            ]} />
          </section>
          <section className="panel">
            <h2>{tu("resetPassword")}</h2>
            <p className="small muted">{tu("resetHelp")}</p>
            <ActionForm action={resetUserPasswordAction} hidden={{ userId: user.id }} submitLabel={tu("resetPassword")} testId="reset-password"
              fields={[confirm(tu("confirmReset"))]} />
          </section>
          <section className="panel">
            <h2>{user.active ? tu("deactivate") : tu("reactivate")}</h2>
            <p className="small muted">{user.active ? tu("deactivateHelp") : tu("reactivateHelp")}</p>
            {/* One form in one place, so its success message survives the page refresh that swaps the action. */}
            <ActionForm action={user.active ? deactivateUserAction : reactivateUserAction} hidden={{ userId: user.id }}
              submitLabel={user.active ? tu("deactivate") : tu("reactivate")} testId="user-status"
              fields={[confirm(user.active ? tu("confirmDeactivate") : tu("confirmReactivate"))]} />
          </section>
        </>
      )}

      <section className="panel">
        <h2>{tu("history")}</h2>
        {history.length === 0 ? <p className="muted">—</p> : (
          <table className="grid" data-testid="user-history">
            <thead><tr><th>{tu("when")}</th><th>{tu("what")}</th><th>{tu("by")}</th></tr></thead>
            <tbody>{history.map((h, i) => (
              <tr key={i}><td>{when(h.at)}</td><td>{(HISTORY as readonly string[]).includes(h.action) ? tu(`historyActions.${h.action.replace(".", "_")}` as never) : h.action}</td><td>{h.by}</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>
    </>
  );
}
