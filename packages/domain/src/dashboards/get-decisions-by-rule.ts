import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { requireDashboardRole } from "./dashboard-access";
import { PortfolioFilter, resolveFilter, type ResolvedFilter } from "./portfolio-filter";
import { NIL_UUID } from "./rollup-sql";

export const DecisionsByRule = PortfolioFilter.pick({ from: true, to: true, clientId: true, strategyId: true, grain: true }).extend({
  channel: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["call", "voicemail", "sms", "email", "letter", "visit"]).optional()),
});
export type DecisionsByRule = z.input<typeof DecisionsByRule>;

export interface RuleCount {
  rule: string;
  outcome: "defer" | "block";
  decisions: number;
}
export interface DecisionsByRuleResult {
  filter: ResolvedFilter & { channel?: string };
  /** Decisions in the slice by overall outcome. */
  totals: { allow: number; defer: number; block: number };
  /** Per rule and outcome, most frequent first. */
  rules: RuleCount[];
  /** Per period: blocks and defers by rule (`${rule}:${outcome}` → count). */
  series: Array<{ period: string; counts: Record<string, number> }>;
}

/** Where outreach is held back and why: blocks and defers by rule over time, per client and strategy,
 *  read from rollup_decisions_daily (no personal data). */
export async function getDecisionsByRule(ctx: DomainContext, input: DecisionsByRule): Promise<DecisionsByRuleResult> {
  requireDashboardRole(ctx.actor, "compliance", "supervisor", "admin");
  const parsed = parseInput(DecisionsByRule, input);
  const filter = { ...resolveFilter({ ...parsed, teamId: undefined, bucket: undefined }, ctx.now), channel: parsed.channel };
  const where: SQL[] = [sql`r.day between ${filter.from}::date and ${filter.to}::date`];
  if (filter.clientId) where.push(sql`r.client_id = ${filter.clientId}::uuid`);
  if (filter.strategyId) where.push(sql`r.strategy_id = ${filter.strategyId === "none" ? NIL_UUID : filter.strategyId}::uuid`);
  if (filter.channel) where.push(sql`r.channel = ${filter.channel}`);
  const period = filter.grain === "week" ? sql`date_trunc('week', r.day)::date` : sql`r.day`;
  const rows = await ctx.db.execute<{ period: string; rule: string; outcome: string; n: number }>(sql`
    select ${period}::text as period, r.rule, r.outcome::text as outcome, sum(r.decisions)::int as n
    from rollup_decisions_daily r where ${sql.join(where, sql` and `)}
    group by 1, 2, 3 order by 1`);
  const totals = { allow: 0, defer: 0, block: 0 };
  const byRule = new Map<string, RuleCount>();
  const byPeriod = new Map<string, Record<string, number>>();
  for (const r of rows) {
    if (r.rule === "") {
      totals[r.outcome as keyof typeof totals] += r.n;
      continue;
    }
    const key = `${r.rule}:${r.outcome}`;
    const rc = byRule.get(key) ?? { rule: r.rule, outcome: r.outcome as RuleCount["outcome"], decisions: 0 };
    rc.decisions += r.n;
    byRule.set(key, rc);
    const p = byPeriod.get(r.period) ?? {};
    p[key] = (p[key] ?? 0) + r.n;
    byPeriod.set(r.period, p);
  }
  return {
    filter,
    totals,
    rules: [...byRule.values()].sort((a, b) => b.decisions - a.decisions || a.rule.localeCompare(b.rule)),
    series: [...byPeriod.entries()].map(([period, counts]) => ({ period, counts })),
  };
}
