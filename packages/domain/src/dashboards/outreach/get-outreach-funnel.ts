import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { requireDashboardRole, SUPERVISOR_ROLES } from "../dashboard-access";
import { PortfolioFilter, resolveFilter } from "../portfolio-filter";

export const OutreachFilter = PortfolioFilter.pick({ from: true, to: true, clientId: true, strategyId: true });
export type OutreachFilter = z.input<typeof OutreachFilter>;

/** What happened to a stage's steps: each step counts once, by its state now. */
export interface StepOutcomes {
  planned: number;
  /** Handed to the provider (dispatched or delivered). */
  sent: number;
  deferred: number;
  blocked: number;
  /** Failed for another reason than running out of retries (e.g. a bounced address). */
  failed: number;
  /** The worker gave up after its retries (failed or waiting for reconciliation). */
  givenUp: number;
  /** Cancelled by a case event (a promise, a payment, a dispute...). */
  cancelled: number;
}
export interface FunnelStage extends StepOutcomes {
  strategyId: string;
  strategyName: string;
  strategyVersion: number;
  stageId: string;
  stage: string;
  ordinal: number;
  /** Open cases in this strategy and stage now. */
  cases: number;
}
export interface OutreachFunnel {
  filter: { from: string; to: string; clientId?: string; strategyId?: string };
  stages: FunnelStage[];
}

/**
 * Per strategy and stage: the open cases in it now, and the fate of its steps due in the range (each
 * step by its current state). The step counts come from rollup_outreach_daily (kept from the steps'
 * changes, folded by foldRollups), never from outreach_steps on page load. No personal data: no audit.
 */
export async function getOutreachFunnel(ctx: DomainContext, input: OutreachFilter): Promise<OutreachFunnel> {
  requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const p = parseInput(OutreachFilter, input);
  const { from, to } = resolveFilter({ ...p, grain: "day" }, ctx.now);
  const stepWhere: SQL[] = [sql`r.day >= ${from}::date`, sql`r.day <= ${to}::date`];
  const caseWhere: SQL[] = [sql`c.status = 'open'`];
  if (p.clientId) {
    stepWhere.push(sql`r.client_id = ${p.clientId}::uuid`);
    caseWhere.push(sql`c.client_id = ${p.clientId}::uuid`);
  }
  const strategyWhere = p.strategyId && p.strategyId !== "none" ? sql`st.id = ${p.strategyId}::uuid` : sql`true`;
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    with steps as (
      select r.stage_id,
        coalesce(sum(r.steps) filter (where r.state = 'planned'), 0)::int as planned,
        coalesce(sum(r.steps) filter (where r.state in ('dispatched', 'delivered')), 0)::int as sent,
        coalesce(sum(r.steps) filter (where r.state = 'deferred'), 0)::int as deferred,
        coalesce(sum(r.steps) filter (where r.state = 'blocked'), 0)::int as blocked,
        coalesce(sum(r.steps) filter (where r.state = 'failed' and not r.given_up), 0)::int as failed,
        coalesce(sum(r.steps) filter (where r.given_up), 0)::int as given_up,
        coalesce(sum(r.steps) filter (where r.state = 'cancelled'), 0)::int as cancelled
      from rollup_outreach_daily r
      where ${sql.join(stepWhere, sql` and `)}
      group by r.stage_id
    ),
    in_stage as (
      select c.strategy_id, c.stage, count(*)::int as n from cases c where ${sql.join(caseWhere, sql` and `)} and c.strategy_id is not null group by 1, 2
    )
    select st.id as strategy_id, st.name, st.version, sg.id as stage_id, sg.kind::text as stage, sg.ordinal,
      coalesce(i.n, 0) as cases, coalesce(s.planned, 0) as planned, coalesce(s.sent, 0) as sent, coalesce(s.deferred, 0) as deferred,
      coalesce(s.blocked, 0) as blocked, coalesce(s.failed, 0) as failed, coalesce(s.given_up, 0) as given_up, coalesce(s.cancelled, 0) as cancelled
    from strategies st join strategy_stages sg on sg.strategy_id = st.id
    left join steps s on s.stage_id = sg.id
    left join in_stage i on i.strategy_id = st.id and i.stage = sg.kind
    where ${strategyWhere}
    order by st.name, st.version, sg.ordinal`);
  return {
    filter: { from, to, ...(p.clientId ? { clientId: p.clientId } : {}), ...(p.strategyId ? { strategyId: p.strategyId } : {}) },
    stages: rows.map((r) => ({
      strategyId: String(r.strategy_id), strategyName: String(r.name), strategyVersion: Number(r.version), stageId: String(r.stage_id),
      stage: String(r.stage), ordinal: Number(r.ordinal), cases: Number(r.cases), planned: Number(r.planned), sent: Number(r.sent),
      deferred: Number(r.deferred), blocked: Number(r.blocked), failed: Number(r.failed), givenUp: Number(r.given_up), cancelled: Number(r.cancelled),
    })),
  };
}
