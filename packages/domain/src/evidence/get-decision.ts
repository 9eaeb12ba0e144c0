import { sql } from "drizzle-orm";
import { z } from "zod";
import { evaluate, type CheckRequest as EngineRequest } from "@casebook/compliance";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { COMPLIANCE_ROLES, requireDashboardRole } from "../dashboards/dashboard-access";
import { toDate } from "../cases/sql-values";

export const GetDecision = z.object({ decisionId: z.uuid() });

export interface DecisionDetail {
  id: string;
  evaluatedAt: Date;
  caseId: string;
  personId: string;
  personName: string;
  ruleSet: string;
  channel: string;
  decision: "allow" | "defer" | "block";
  notBefore: Date | null;
  results: Array<{ rule: string; outcome: string; reason: string; notBefore?: string }>;
  /** The engine's input exactly as the gate stored it: `pnpm -s compliance:check < request.json`. */
  request: Record<string, unknown>;
  /** The engine asked again now with that input alone (what compliance:check does). */
  replay: { decision: string; rules: string[]; matches: boolean };
  /** The reference code and ledger row of the contact made under this decision, if any. */
  attempt: { id: string; referenceCode: string; startedAt: Date } | null;
}

/** One decision with its full input and explanation, and whether replaying that input through the
 *  engine gives the same answer. The stored request carries the client's policy and the opt-outs, so a
 *  mismatch is shown, never hidden: the engine changed since, or the request predates its `policy` field. Audited: the input holds the person's history and flags. Supervisors
 *  open it too, from the Outreach page's dispatch log (why a step was held back). */
export async function getDecision(ctx: DomainContext, input: z.input<typeof GetDecision>): Promise<DecisionDetail> {
  const actor = requireDashboardRole(ctx.actor, ...COMPLIANCE_ROLES, "supervisor");
  const { decisionId } = parseInput(GetDecision, input);
  const [r] = await ctx.db.execute<Record<string, unknown>>(sql`
    select d.*, p.full_name, a.id as attempt_id, a.reference_code, a.started_at
    from compliance_decisions d join persons p on p.id = d.person_id
    left join contact_attempts a on a.decision_id = d.id
    where d.id = ${decisionId}::uuid limit 1`);
  if (!r) throw new NotFoundError("compliance_decision", decisionId);
  const request = r.request as Record<string, unknown>;
  const results = (r.results as DecisionDetail["results"]) ?? [];
  let replay: DecisionDetail["replay"];
  try {
    const again = evaluate(request as unknown as EngineRequest);
    const rules = again.results.map((x) => x.rule);
    replay = { decision: again.decision, rules, matches: again.decision === r.decision && rules.join() === results.map((x) => x.rule).join() };
  } catch {
    replay = { decision: "invalid", rules: [], matches: false };
  }
  await writeAudit(ctx.db, actor, {
    action: "decision.view", entityType: "compliance_decision", entityId: decisionId, personId: String(r.person_id), caseId: String(r.case_id),
  }, ctx.now);
  return {
    id: decisionId, evaluatedAt: toDate(r.evaluated_at)!, caseId: String(r.case_id), personId: String(r.person_id), personName: String(r.full_name),
    ruleSet: String(r.rule_set), channel: String(r.channel), decision: r.decision as DecisionDetail["decision"], notBefore: toDate(r.not_before),
    results, request, replay,
    attempt: r.attempt_id ? { id: String(r.attempt_id), referenceCode: String(r.reference_code), startedAt: toDate(r.started_at)! } : null,
  };
}
