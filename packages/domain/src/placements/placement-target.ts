import { and, desc, eq, sql } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import { NotFoundError } from "../errors";

/**
 * Where a client's new accounts go: the team that already works most of the client's open cases (the
 * first team by name for a client's first placement), and the client's own active published strategy of
 * the highest version, never a draft being edited (none: the case has no strategy yet and the planner
 * gives it the rule set's default, as a newly created client's cases get).
 */
export async function placementTarget(tx: DbOrTx, clientId: string): Promise<{ teamId: string; strategyId: string | null; currency: string; clientName: string }> {
  const [client] = await tx.select({ currency: schema.clients.currency, name: schema.clients.name, active: schema.clients.active }).from(schema.clients).where(eq(schema.clients.id, clientId));
  if (!client || !client.active) throw new NotFoundError("client", clientId);
  const [busiest] = await tx.select({ teamId: schema.cases.teamId }).from(schema.cases)
    .where(and(eq(schema.cases.clientId, clientId), eq(schema.cases.status, "open")))
    .groupBy(schema.cases.teamId).orderBy(desc(sql`count(*)`)).limit(1);
  const teamId = busiest?.teamId ?? (await tx.select({ id: schema.teams.id }).from(schema.teams).orderBy(schema.teams.name).limit(1))[0]?.id;
  if (!teamId) throw new NotFoundError("team", "any");
  const [strategy] = await tx.select({ id: schema.strategies.id }).from(schema.strategies)
    .where(and(eq(schema.strategies.clientId, clientId), eq(schema.strategies.active, true), eq(schema.strategies.status, "published"))).orderBy(desc(schema.strategies.version)).limit(1);
  return { teamId, strategyId: strategy?.id ?? null, currency: client.currency, clientName: client.name };
}
