import { sql, sum } from "drizzle-orm";
import { schema as s, type Db } from "@casebook/db";

export interface GateDecisionTotal {
  channel: string;
  /** '' for the decision overall; otherwise one rule result it carried (rollup_decisions_daily). */
  rule: string;
  outcome: "allow" | "defer" | "block";
  decisions: number;
}

/**
 * Every gate decision of the ledger so far, by channel, rule and outcome, from the decisions rollup
 * (folded every few seconds): the same figure on every console, so /metrics exports it as a counter
 * that is true across machines (no per-process count to add up). Aggregates only: no person, no case.
 */
export async function gateDecisionTotals(db: Db): Promise<GateDecisionTotal[]> {
  const t = s.rollupDecisionsDaily;
  const rows = await db
    .select({ channel: t.channel, rule: t.rule, outcome: t.outcome, decisions: sum(t.decisions).mapWith(Number) })
    .from(t)
    .groupBy(t.channel, t.rule, t.outcome)
    .orderBy(t.channel, t.rule, t.outcome);
  return rows.map((r) => ({ ...r, decisions: r.decisions ?? 0 }));
}

/** Readiness: the database answers a trivial query within `timeoutMs`. */
export async function databaseReachable(db: Db, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db.execute(sql`select 1`).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
