import { eq } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";
import type { CheckDecision, CheckRequest } from "@casebook/compliance";
import { evaluateCheck, policyFor } from "./evaluate-check";
import { readPolicyInForce } from "../../clients/policy-in-force";

/**
 * A resend of a claimed attempt (a definite transient failure, or a provider that never received it)
 * happens minutes after the gate's decision, and the decision must still hold then: a claim at 20:58
 * must not go out at 21:03 (US-REGF-TIME, CN-TIME). Re-asks the engine with the exact input it saw at
 * the claim, stored with the decision, at `now`, under the client's policy. Returns null while the
 * contact is still allowed, else the new decision. Fails closed: no stored decision means no resend.
 */
export async function recheckClaim(db: DbOrTx, attempt: { decisionId: string | null; caseId: string }, now: Date): Promise<CheckDecision | null> {
  const stale: CheckDecision = { decision: "block", notBefore: null, results: [{ rule: "STALE-CLAIM", outcome: "block", reason: "The claim's decision is not on record." }], timeZones: [] };
  if (!attempt.decisionId) return stale;
  const [row] = await db
    .select({ request: s.complianceDecisions.request, clientId: s.clients.id, clientCode: s.clients.code, clientPolicy: s.clients.policy })
    .from(s.complianceDecisions)
    .innerJoin(s.cases, eq(s.cases.id, s.complianceDecisions.caseId))
    .innerJoin(s.clients, eq(s.clients.id, s.cases.clientId))
    .where(eq(s.complianceDecisions.id, attempt.decisionId));
  if (!row) return stale;
  // A resend is a new decision at `now`: under the client's policy in force now, not the stored one.
  const { policy: _atClaim, ...stored } = row.request as unknown as CheckRequest;
  const { policy } = await readPolicyInForce(db, { id: row.clientId, policy: row.clientPolicy }, now);
  const current = policyFor({ code: row.clientCode, policy }, stored.ruleSet);
  const request: CheckRequest = { ...stored, now: now.toISOString(), ...(current ? { policy: current } : {}) };
  const decision = evaluateCheck(request);
  return decision.decision === "allow" ? null : decision;
}
