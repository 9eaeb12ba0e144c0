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
 *  change first, each with its decision. Read from dispatch_log (kept by a trigger on outreach_steps in
 *  the writer's transaction, one row per decided step), never from the steps on page load. Ids and
 *  codes only (no names): no audit event; opening a decision is audited there. */
export async function listDispatchLog(ctx: DomainContext, input: DispatchLogInput): Promise<{ rows: DispatchLogRow[] }> {
  requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const p = parseInput(DispatchLogInput, input);
  const { from, to } = resolveFilter({ ...p, grain: "day" }, ctx.now);
  const where: SQL[] = [sql`l.due_at >= ${from}::date`, sql`l.due_at < ${to}::date + 1`];
  if (p.clientId) where.push(sql`l.client_id = ${p.clientId}::uuid`);
  if (p.strategyId) where.push(p.strategyId === "none" ? sql`l.strategy_id is null` : sql`l.strategy_id = ${p.strategyId}::uuid`);
  if (p.channel) where.push(sql`l.channel = ${p.channel}`);
  // "nulls last" as dispatch_log_recent_idx has it (drizzle's desc()): updated_at is never null, but only
  // the index's own order lets the planner read the newest rows first; "desc" alone (nulls first) sorted
  // every row of the range (1.28 s p95 at 2.4M steps, 11 ms with the index).
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    select l.step_id, l.case_id, st.name as strategy_name, sg.kind::text as stage, l.channel::text as channel, l.state::text as state, l.reason::text as reason,
      l.due_at, l.updated_at, l.decision_id, l.decision::text as decision, l.rules
    from dispatch_log l
    left join strategies st on st.id = l.strategy_id
    left join strategy_stages sg on sg.id = l.stage_id
    where ${sql.join(where, sql` and `)}
    order by l.updated_at desc nulls last, l.step_id limit ${p.limit}`);
  return {
    rows: rows.map((r) => ({
      stepId: String(r.step_id), caseId: String(r.case_id), strategyName: r.strategy_name ? String(r.strategy_name) : null, stage: r.stage ? String(r.stage) : null,
      channel: String(r.channel), state: String(r.state), reason: r.reason ? String(r.reason) : null,
      dueAt: new Date(String(r.due_at)), updatedAt: new Date(String(r.updated_at)),
      decisionId: r.decision_id ? String(r.decision_id) : null, decision: r.decision ? String(r.decision) : null,
      rules: Array.isArray(r.rules) ? (r.rules as string[]) : [],
    })),
  };
}
