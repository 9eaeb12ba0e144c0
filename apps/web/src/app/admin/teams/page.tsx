import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { listTeams } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { ActionForm } from "@/components/action-form";
import { createTeamAction } from "../actions";

export default async function TeamsPage() {
  const user = await requireRole("admin");
  const teams = await listTeams(await contextFor(user));
  const t = await getTranslations("adminConsole.teams");
  return (
    <>
      <h1>{t("title")}</h1>
      <table className="grid" data-testid="teams-table">
        <thead><tr><th>{t("name")}</th><th className="num">{t("members")}</th><th className="num">{t("openCases")}</th></tr></thead>
        <tbody>{teams.map((team) => (
          <tr key={team.id}><td><a href={`/admin/teams/${team.id}`} data-testid={`team-${team.name}`}>{team.name}</a></td><td className="num">{team.members}</td><td className="num">{team.openCases}</td></tr>
        ))}</tbody>
      </table>
      <section className="panel">
        <h2>{t("create")}</h2>
        <ActionForm action={createTeamAction} submitLabel={t("createSubmit")} testId="create-team" fields={[{ name: "name", label: t("name"), required: true }]} />
      </section>
    </>
  );
}
