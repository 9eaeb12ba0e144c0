import { sql } from "drizzle-orm";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { requireDashboardRole, SUPERVISOR_ROLES } from "./dashboard-access";
import { periodSql, PortfolioFilter, resolveFilter, rollupWhere, type ResolvedFilter } from "./portfolio-filter";

export interface PortfolioCounts {
  attempts: number;
  contacts: number;
  rpcs: number;
  promisesMade: number;
  promisesKept: number;
  promisesBroken: number;
}
export interface MoneyFigure {
  currency: string;
  collectedMinor: number;
  /** Balance placed up to the end of the range (the liquidation rate's denominator). */
  placedMinor: number;
}
export interface PortfolioRates {
  /** Attempts that reached a person ÷ attempts. Null when there is nothing to divide by. */
  contactRate: number | null;
  rpcRate: number | null;
  /** Promises made ÷ right-party contacts. */
  promiseRate: number | null;
  /** Kept ÷ (kept + broken) of promises that fell due in the range. */
  keptRate: number | null;
}
export interface PortfolioPoint extends PortfolioCounts, PortfolioRates {
  period: string;
  collected: Record<string, number>;
}
export interface Portfolio {
  filter: ResolvedFilter;
  totals: PortfolioCounts & PortfolioRates & { money: Array<MoneyFigure & { liquidationRate: number | null }> };
  series: PortfolioPoint[];
  /** Facts recorded but not folded yet (capped at 10,001): the figures lag by that much. */
  pendingEvents: number;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
export function ratesOf(c: PortfolioCounts): PortfolioRates {
  return {
    contactRate: ratio(c.contacts, c.attempts),
    rpcRate: ratio(c.rpcs, c.attempts),
    promiseRate: ratio(c.promisesMade, c.rpcs),
    keptRate: ratio(c.promisesKept, c.promisesKept + c.promisesBroken),
  };
}

const counts = (r: Record<string, unknown>): PortfolioCounts => ({
  attempts: Number(r.attempts ?? 0), contacts: Number(r.contacts ?? 0), rpcs: Number(r.rpcs ?? 0),
  promisesMade: Number(r.promises_made ?? 0), promisesKept: Number(r.promises_kept ?? 0), promisesBroken: Number(r.promises_broken ?? 0),
});

/** The supervisor's portfolio: figures and their trend over the slice, read from rollup_portfolio_daily
 *  only (aggregates, no personal data: no audit event). */
export async function getPortfolio(ctx: DomainContext, input: PortfolioFilter): Promise<Portfolio> {
  requireDashboardRole(ctx.actor, ...SUPERVISOR_ROLES);
  const filter = resolveFilter(parseInput(PortfolioFilter, input), ctx.now);
  const where = rollupWhere(filter);
  const period = periodSql(filter.grain);
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    select ${period}::text as period, r.currency, sum(r.attempts)::int as attempts, sum(r.contacts)::int as contacts, sum(r.rpcs)::int as rpcs,
      sum(r.promises_made)::int as promises_made, sum(r.promises_kept)::int as promises_kept, sum(r.promises_broken)::int as promises_broken,
      sum(r.collected_minor)::bigint as collected_minor
    from rollup_portfolio_daily r where ${where}
    group by 1, 2 order by 1, 2`);
  const placed = await ctx.db.execute<{ currency: string; placed_minor: string }>(sql`
    select r.currency, sum(r.placed_minor)::bigint as placed_minor from rollup_portfolio_daily r
    where ${rollupWhere(filter, { dayFrom: false })} group by 1`);

  const byPeriod = new Map<string, PortfolioPoint>();
  const total: PortfolioCounts = { attempts: 0, contacts: 0, rpcs: 0, promisesMade: 0, promisesKept: 0, promisesBroken: 0 };
  const collected = new Map<string, number>();
  for (const r of rows) {
    const c = counts(r);
    const p = byPeriod.get(String(r.period)) ?? { period: String(r.period), ...counts({}), ...ratesOf(counts({})), collected: {} };
    for (const k of Object.keys(total) as Array<keyof PortfolioCounts>) {
      p[k] += c[k];
      total[k] += c[k];
    }
    const money = Number(r.collected_minor ?? 0);
    p.collected[String(r.currency)] = (p.collected[String(r.currency)] ?? 0) + money;
    collected.set(String(r.currency), (collected.get(String(r.currency)) ?? 0) + money);
    byPeriod.set(p.period, p);
  }
  const series = [...byPeriod.values()].map((p) => ({ ...p, ...ratesOf(p) }));
  const currencies = new Set([...collected.keys(), ...placed.map((p) => p.currency)]);
  const money = [...currencies].sort().map((currency) => {
    const collectedMinor = collected.get(currency) ?? 0;
    const placedMinor = Number(placed.find((p) => p.currency === currency)?.placed_minor ?? 0);
    return { currency, collectedMinor, placedMinor, liquidationRate: ratio(collectedMinor, placedMinor) };
  });
  const [pending] = await ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from rollup_inbox limit 10001) x`);
  return { filter, totals: { ...total, ...ratesOf(total), money }, series, pendingEvents: Number(pending?.n ?? 0) };
}
