import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";

export interface ClientStrategy { id: string; name: string; version: number }
type RuleSet = (typeof s.strategies.$inferSelect)["ruleSet"];

/**
 * The strategy a client's unassigned case is planned with: the client's own newest active published
 * strategy of its rule set, else the rule set's newest active published default (client_id null).
 * `clientId: null` asks for the default alone (a client about to be created has no strategy of its own).
 * Never a draft, never a retired version.
 */
export async function strategyForClient(db: DbOrTx, p: { ruleSet: RuleSet; clientId: string | null }): Promise<ClientStrategy | null> {
  const st = s.strategies;
  const owner = p.clientId ? or(eq(st.clientId, p.clientId), isNull(st.clientId)) : isNull(st.clientId);
  const [row] = await db.select({ id: st.id, name: st.name, version: st.version }).from(st)
    .where(and(eq(st.active, true), eq(st.status, "published"), eq(st.ruleSet, p.ruleSet), owner))
    .orderBy(sql`${st.clientId} is null`, desc(st.version))
    .limit(1);
  return row ?? null;
}
