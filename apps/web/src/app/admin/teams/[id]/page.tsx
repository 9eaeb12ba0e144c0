import { Fragment } from "react";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { getTeamAdmin, NotFoundError } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";

/** A team: who is on it and the size of its queue (counts only; the cases are its agents' to open). */
export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("admin");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("team", id));
  const { team, members, queue } = await getTeamAdmin(await contextFor(user), id).catch(throwForPage);
  const t = await getTranslations("adminConsole.teams");
  const ta = await getTranslations("admin");
  const tr = await getTranslations("roles");
  const tq = await getTranslations("adminConsole.teams.queues");
  const tu = await getTranslations("adminConsole.users");
  return (
    <>
      <h1>{team.name}</h1>
      <section className="panel" data-testid="team-queue">
        <h2>{t("queue")}</h2>
        <dl className="kv">
          <dt>{t("openCases")}</dt><dd data-testid="team-open-cases">{queue.openCases}</dd>
          {queue.byQueue.map((q) => <Fragment key={q.queue}><dt>{tq(q.queue)}</dt><dd>{q.n}</dd></Fragment>)}
          <dt>{t("unowned")}</dt><dd>{queue.unowned}</dd>
          <dt>{t("callbacksDue")}</dt><dd>{queue.callbacksDue}</dd>
        </dl>
      </section>
      <section className="panel">
        <h2>{t("memberList")}</h2>
        {members.length === 0 ? <p className="muted">{t("noMembers")}</p> : (
          <table className="grid" data-testid="team-members">
            <thead><tr><th>{ta("email")}</th><th>{ta("name")}</th><th>{ta("role")}</th><th>{ta("staff")}</th><th>{ta("active")}</th></tr></thead>
            <tbody>{members.map((m) => (
              <tr key={m.id} data-testid={`member-${m.email}`}><td><a href={`/admin/users/${m.id}`}>{m.email}</a></td><td>{m.name}</td><td>{tr(m.role)}</td><td>{m.staffNumber}</td>
                <td>{m.active ? "✓" : tu("inactive")}</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>
    </>
  );
}
