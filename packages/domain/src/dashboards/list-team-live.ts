import { sql } from "drizzle-orm";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { TeamFilter } from "./get-team-activity";
import { teamScope } from "./team-scope";

/** "Working on" means a case event of the agent's (opening it, a call, a note...) this recent. */
export const LIVE_WINDOW_MINUTES = 30;

export interface AgentNow {
  userId: string;
  name: string;
  /** The case the agent last opened or acted on within the window; null when idle. */
  caseId: string | null;
  personName: string | null;
  clientName: string | null;
  /** The audit action, e.g. case.view, contact.outcome, promise.record. */
  action: string | null;
  at: Date | null;
  /** Open cases the agent owns. */
  openCases: number;
}

/**
 * Who is working what, live: per agent of the team, the last case they opened or acted on in the last
 * LIVE_WINDOW_MINUTES (from their audit trail, newest first by the actor/time index), and how many open
 * cases they own. Shows debtors' names: the view is audited with the case ids shown.
 */
export async function listTeamLive(ctx: DomainContext, input: Pick<TeamFilter, "teamId"> = {}): Promise<AgentNow[]> {
  const parsed = parseInput(TeamFilter.pick({ teamId: true }), input);
  const { actor, teamId } = teamScope(ctx.actor, parsed.teamId);
  const since = new Date(ctx.now.getTime() - LIVE_WINDOW_MINUTES * 60_000);
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    select u.id, u.name, last.case_id, last.action, last.at, p.full_name, cl.name as client_name,
      (select count(*) from cases oc where oc.owner_user_id = u.id and oc.status = 'open')::int as open_cases
    from users u
    left join lateral (
      select e.case_id, e.action, e.at from audit_events e
      where e.actor_user_id = u.id and e.case_id is not null and e.at >= ${since.toISOString()}::timestamptz and e.at <= ${ctx.now.toISOString()}::timestamptz
      order by e.at desc limit 1
    ) last on true
    left join cases c on c.id = last.case_id left join persons p on p.id = c.person_id left join clients cl on cl.id = c.client_id
    where u.role = 'agent' and u.active and ${teamId ? sql`exists (select 1 from user_teams ut where ut.user_id = u.id and ut.team_id = ${teamId}::uuid)` : sql`true`}
    order by last.at desc nulls last, u.name`);
  const out = rows.map((r) => ({
    userId: String(r.id), name: String(r.name), caseId: r.case_id ? String(r.case_id) : null, personName: r.full_name ? String(r.full_name) : null,
    clientName: r.client_name ? String(r.client_name) : null, action: r.action ? String(r.action) : null,
    at: r.at ? new Date(String(r.at)) : null, openCases: Number(r.open_cases),
  }));
  const shown = out.flatMap((a) => (a.caseId ? [a.caseId] : []));
  if (shown.length > 0) {
    await writeAudit(ctx.db, actor, { action: "team.live_view", entityType: "team", entityId: teamId ?? "all", details: { caseIds: shown } }, ctx.now);
  }
  return out;
}
