import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { requireDashboardRole, SUPERVISOR_ROLES } from "../dashboard-access";
import { resolveFilter } from "../portfolio-filter";
import { OutreachFilter } from "./get-outreach-funnel";

export const DispatchLogInput = OutreachFilter.extend({
  channel: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["call", "voicemail", "sms", "email", "letter", "visit"]).optional()),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DispatchLogInput = z.input<typeof DispatchLogInput>;

export interface DispatchLogRow {
  stepId: string;
  caseId: string;
  strategyName: string | null;
  stage: string | null;
  channel: string;
  state: string;
  reason: string | null;
  dueAt: Date;
  updatedAt: Date;
  /** The gate's last decision on the step (opens on the decision screen), with its rules when held back. */
  decisionId: string | null;
  decision: string | null;
  rules: string[];
}

/** The automatic outreach's dispatch log: steps due in the range that the gate decided on, newest
 *  change first, each with its decision. Ids and codes only (no names): no audit event; opening a
 *  decision is audited there. */
export async function listDispatchLog(ctx: DomainContext, input: DispatchLogInput): Promise<{ rows: DispatchLogRow[] }> {
  requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const p = parseInput(DispatchLogInput, input);
  const { from, to } = resolveFilter({ ...p, grain: "day" }, ctx.now);
  const where: SQL[] = [sql`os.due_at >= ${from}::date`, sql`os.due_at < ${to}::date + 1`, sql`os.last_decision_id is not null`];
  if (p.clientId) where.push(sql`c.client_id = ${p.clientId}::uuid`);
  if (p.strategyId) where.push(p.strategyId === "none" ? sql`os.strategy_id is null` : sql`os.strategy_id = ${p.strategyId}::uuid`);
  if (p.channel) where.push(sql`os.channel = ${p.channel}`);
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    select os.id, os.case_id, st.name as strategy_name, sg.kind::text as stage, os.channel::text as channel, os.state::text as state, os.reason::text as reason,
      os.due_at, os.updated_at, cd.id as decision_id, cd.decision::text as decision,
      coalesce((select array_agg(distinct r ->> 'rule') from jsonb_array_elements(cd.results) r where r ->> 'outcome' in ('block', 'defer')), '{}') as rules
    from outreach_steps os join cases c on c.id = os.case_id
    left join strategies st on st.id = os.strategy_id
    left join strategy_steps ss on ss.id = os.strategy_step_id left join strategy_stages sg on sg.id = ss.stage_id
    left join compliance_decisions cd on cd.id = os.last_decision_id
    where ${sql.join(where, sql` and `)}
    order by os.updated_at desc, os.id limit ${p.limit}`);
  return {
    rows: rows.map((r) => ({
      stepId: String(r.id), caseId: String(r.case_id), strategyName: r.strategy_name ? String(r.strategy_name) : null, stage: r.stage ? String(r.stage) : null,
      channel: String(r.channel), state: String(r.state), reason: r.reason ? String(r.reason) : null,
      dueAt: new Date(String(r.due_at)), updatedAt: new Date(String(r.updated_at)),
      decisionId: r.decision_id ? String(r.decision_id) : null, decision: r.decision ? String(r.decision) : null,
      rules: Array.isArray(r.rules) ? (r.rules as string[]) : [],
    })),
  };
}
