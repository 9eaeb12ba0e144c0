import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { PortfolioFilter, resolveFilter } from "./portfolio-filter";
import { teamScope } from "./team-scope";

export const TeamFilter = PortfolioFilter.pick({ from: true, to: true, teamId: true });
export type TeamFilter = z.input<typeof TeamFilter>;

/** A work session: a run of one agent's case events (audit_events with a case) with no gap longer than
 *  this; its time is first to last event plus SESSION_TAIL for the work the last event closed. */
export const SESSION_GAP_MINUTES = 15;
export const SESSION_TAIL_SECONDS = 60;

export interface AgentActivity {
  userId: string;
  name: string;
  staffNumber: string;
  teamName: string;
  attempts: number;
  conversations: number;
  rpcs: number;
  promises: number;
  /** Per currency, minor units, payments the agent posted (net of reversals). */
  collected: Record<string, number>;
  /** Seconds, from the agent's case sessions (see SESSION_GAP_MINUTES). */
  secondsOnCases: number;
  casesTouched: number;
}
export interface TeamActivity {
  filter: { from: string; to: string; teamId: string | null };
  agents: AgentActivity[];
}

/**
 * Per agent of the team: attempts, conversations, right-party contacts, promises and amount collected
 * from rollup_portfolio_daily (the agent dimension: the attempt's agent, the promise's author, the
 * payment's poster), and time on cases from the agent's own audit trail in the range (indexed by actor
 * and time, bounded by the range). Staff names only, no debtor data: no audit event.
 */
export async function getTeamActivity(ctx: DomainContext, input: TeamFilter): Promise<TeamActivity> {
  const parsed = parseInput(TeamFilter, input);
  const { teamId } = teamScope(ctx.actor, parsed.teamId);
  const { from, to } = resolveFilter({ ...parsed, grain: "day" }, ctx.now);
  // The team's agents: every member (user_teams, issue 14), not only those whose primary team it is.
  const team = teamId ? sql`exists (select 1 from user_teams ut where ut.user_id = u.id and ut.team_id = ${teamId}::uuid)` : sql`true`;
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    with agents as (
      select u.id, u.name, u.staff_number, t.name as team_name from users u left join teams t on t.id = u.team_id
      where u.role = 'agent' and u.active and ${team}
    ),
    work as (
      select r.agent_id, sum(r.attempts)::int as attempts, sum(r.conversations)::int as conversations, sum(r.rpcs)::int as rpcs,
        sum(r.promises_made)::int as promises, jsonb_object_agg(r.currency, r.collected) as collected
      from (select agent_id, currency, sum(attempts) as attempts, sum(conversations) as conversations, sum(rpcs) as rpcs,
              sum(promises_made) as promises_made, sum(collected_minor)::bigint as collected
            from rollup_portfolio_daily where agent_id in (select id from agents) and day between ${from}::date and ${to}::date
            group by 1, 2) r
      group by 1
    ),
    ev as (
      select e.actor_user_id as agent, e.case_id, e.at,
        case when lag(e.at) over w is null or e.at - lag(e.at) over w > make_interval(mins => ${SESSION_GAP_MINUTES}) then 1 else 0 end as starts
      from audit_events e
      where e.actor_user_id in (select id from agents) and e.case_id is not null and e.at >= ${from}::date and e.at < ${to}::date + 1
      window w as (partition by e.actor_user_id order by e.at)
    ),
    numbered as (select agent, case_id, at, sum(starts) over (partition by agent order by at rows unbounded preceding) as session from ev),
    sessions as (
      select agent, extract(epoch from max(at) - min(at)) + ${SESSION_TAIL_SECONDS} as seconds from numbered group by agent, session
    ),
    time_on as (
      select s.agent, sum(s.seconds)::bigint as seconds, (select count(distinct n.case_id) from numbered n where n.agent = s.agent)::int as cases
      from sessions s group by s.agent
    )
    select a.id, a.name, a.staff_number, a.team_name, coalesce(w.attempts, 0) as attempts, coalesce(w.conversations, 0) as conversations,
      coalesce(w.rpcs, 0) as rpcs, coalesce(w.promises, 0) as promises, coalesce(w.collected, '{}'::jsonb) as collected,
      coalesce(t.seconds, 0) as seconds, coalesce(t.cases, 0) as cases
    from agents a left join work w on w.agent_id = a.id left join time_on t on t.agent = a.id
    order by a.name, a.id`);
  return {
    filter: { from, to, teamId },
    agents: rows.map((r) => ({
      userId: String(r.id), name: String(r.name), staffNumber: String(r.staff_number), teamName: String(r.team_name ?? ""),
      attempts: Number(r.attempts), conversations: Number(r.conversations), rpcs: Number(r.rpcs), promises: Number(r.promises),
      collected: Object.fromEntries(Object.entries((r.collected ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Number(v)])),
      secondsOnCases: Number(r.seconds), casesTouched: Number(r.cases),
    })),
  };
}
