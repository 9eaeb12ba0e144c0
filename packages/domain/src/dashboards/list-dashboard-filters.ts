import { sql } from "drizzle-orm";
import type { DomainContext } from "../context";
import { requireDashboardRole } from "./dashboard-access";

export interface DashboardFilters {
  clients: Array<{ id: string; name: string; currency: string }>;
  teams: Array<{ id: string; name: string }>;
  strategies: Array<{ id: string; name: string; version: number }>;
}

/** The choices of the dashboards' filter bar: reference data, no personal data. */
export async function listDashboardFilters(ctx: DomainContext): Promise<DashboardFilters> {
  requireDashboardRole(ctx.actor, "supervisor", "compliance", "admin");
  const [clients, teams, strategies] = await Promise.all([
    ctx.db.execute<{ id: string; name: string; currency: string }>(sql`select id, name, currency from clients order by name`),
    ctx.db.execute<{ id: string; name: string }>(sql`select id, name from teams order by name`),
    ctx.db.execute<{ id: string; name: string; version: number }>(sql`select id, name, version from strategies order by name, version`),
  ]);
  return { clients: [...clients], teams: [...teams], strategies: [...strategies] };
}
