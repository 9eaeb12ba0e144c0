import { sql } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";
import type { CheckDecision, CheckRequest } from "@casebook/compliance";
import { evaluateCheck, policyFor } from "./evaluate-check";
import { readPoliciesInForce } from "../../clients/policy-in-force";
import { uuidArray } from "../../cases/sql-values";

/**
 * A resend of a claimed attempt (a definite transient failure, or a provider that never received it)
 * happens minutes after the gate's decision, and the decision must still hold then: a claim at 20:58
 * must not go out at 21:03 (US-REGF-TIME, CN-TIME). Re-asks the engine with the exact input it saw at
 * the claim, stored with the decision, at `now`, under the client's policy. Returns null while the
 * contact is still allowed, else the new decision. Fails closed: no stored decision means no resend.
 */
export async function recheckClaim(db: DbOrTx, attempt: { decisionId: string | null }, now: Date): Promise<CheckDecision | null> {
  return (await recheckClaims(db, [attempt], now))[0]!;
}

/** recheckClaim for many claims (a dispatch batch's resends) in two statements: the stored decisions
 *  with their clients, and the policies in force now. One result per attempt, in their order. */
export async function recheckClaims(db: DbOrTx, attempts: ReadonlyArray<{ decisionId: string | null }>, now: Date): Promise<Array<CheckDecision | null>> {
  const stale: CheckDecision = { decision: "block", notBefore: null, results: [{ rule: "STALE-CLAIM", outcome: "block", reason: "The claim's decision is not on record." }], timeZones: [] };
  const ids = [...new Set(attempts.flatMap((a) => (a.decisionId ? [a.decisionId] : [])))];
  const rows = ids.length === 0 ? [] : await db
    .select({ id: s.complianceDecisions.id, request: s.complianceDecisions.request, clientId: s.clients.id, clientCode: s.clients.code, clientPolicy: s.clients.policy })
    .from(s.complianceDecisions)
    .innerJoin(s.cases, sql`${s.cases.id} = ${s.complianceDecisions.caseId}`)
    .innerJoin(s.clients, sql`${s.clients.id} = ${s.cases.clientId}`)
    .where(sql`${s.complianceDecisions.id} = any(${uuidArray(ids)}::uuid[])`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A resend is a new decision at `now`: under the client's policy in force now, not the stored one.
  const policies = await readPoliciesInForce(db, rows.map((r) => ({ id: r.clientId, policy: r.clientPolicy })), now);
  return attempts.map((attempt) => {
    const row = attempt.decisionId ? byId.get(attempt.decisionId) : undefined;
    if (!row) return stale;
    const { policy: _atClaim, ...stored } = row.request as unknown as CheckRequest;
    const current = policyFor({ code: row.clientCode, policy: policies.get(row.clientId)!.policy }, stored.ruleSet);
    const request: CheckRequest = { ...stored, now: now.toISOString(), ...(current ? { policy: current } : {}) };
    const decision = evaluateCheck(request);
    return decision.decision === "allow" ? null : decision;
  });
}
