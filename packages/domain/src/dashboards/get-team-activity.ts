import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { caseEventsSql, sessionTotalsSql } from "./agent-sessions";
import { AGENT_DAYS_WATERMARK } from "./fold-agent-days";
import { PortfolioFilter, resolveFilter } from "./portfolio-filter";
import { utcDay } from "./rollup-sql";
import { teamScope } from "./team-scope";

export const TeamFilter = PortfolioFilter.pick({ from: true, to: true, teamId: true });
export type TeamFilter = z.input<typeof TeamFilter>;

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
  /** Seconds, from the agent's case sessions (see SESSION_GAP_MINUTES in agent-sessions.ts). */
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
 * payment's poster), and time on cases and cases touched from the agent's case sessions: the days
 * foldAgentDays has folded from rollup_agent_days and rollup_agent_case_days, the days after its
 * watermark (normally today) live from the agent's own audit trail (indexed by actor and time). The
 * statement reads the watermark itself and splits the days by it, so a day is counted once even when a
 * fold commits meanwhile.
 * Staff names only, no debtor data: no audit event.
 */
export async function getTeamActivity(ctx: DomainContext, input: TeamFilter): Promise<TeamActivity> {
  const parsed = parseInput(TeamFilter, input);
  const { teamId } = teamScope(ctx.actor, parsed.teamId);
  const { from, to } = resolveFilter({ ...parsed, grain: "day" }, ctx.now);
  // The team's agents: every member (user_teams, issue 14), not only those whose primary team it is.
  const team = teamId ? sql`exists (select 1 from user_teams ut where ut.user_id = u.id and ut.team_id = ${teamId}::uuid)` : sql`true`;
  // The live days' bounds as values, so the planner reads the agents' audit events by the (actor, at)
  // index for those days only (a bound it cannot see it would guess at a third of the trail). The
  // statement reads the watermark again: a fold committed in between moves a day from live to folded.
  const [watermark] = await ctx.db.execute<{ through: string | null }>(sql`select through_day::text as through from rollup_watermarks where name = ${AGENT_DAYS_WATERMARK}`);
  const liveFrom = watermark?.through && watermark.through >= from ? DateTime.fromISO(watermark.through, { zone: "UTC" }).plus({ days: 1 }).toISODate()! : from;
  const folded = sql`r.agent_id in (select id from agents) and r.day between ${from}::date and ${to}::date and r.day <= (select through from mark)`;
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
    mark as (select coalesce((select through_day from rollup_watermarks where name = ${AGENT_DAYS_WATERMARK}), '-infinity'::date) as through),
    live as materialized (${caseEventsSql(sql`${liveFrom}::date`, sql`${to}::date + 1`, sql`e.actor_user_id in (select id from agents) and ${utcDay(sql`e.at`)} > (select through from mark)`)}),
    time_on as (
      select agent, sum(micros) as micros from (
        select r.agent_id as agent, r.micros from rollup_agent_days r
        where ${folded}
        union all
        select agent, micros from (${sessionTotalsSql(sql`live`)}) l
      ) x group by agent
    ),
    touched as (
      select agent, count(*)::int as cases from (
        select r.agent_id as agent, r.case_id from rollup_agent_case_days r
        where ${folded}
        union
        select agent, case_id from live
      ) x group by agent
    )
    select a.id, a.name, a.staff_number, a.team_name, coalesce(w.attempts, 0) as attempts, coalesce(w.conversations, 0) as conversations,
      coalesce(w.rpcs, 0) as rpcs, coalesce(w.promises, 0) as promises, coalesce(w.collected, '{}'::jsonb) as collected,
      coalesce((t.micros::numeric / 1000000)::bigint, 0) as seconds, coalesce(c.cases, 0) as cases
    from agents a left join work w on w.agent_id = a.id left join time_on t on t.agent = a.id left join touched c on c.agent = a.id
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
