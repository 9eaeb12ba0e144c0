import { schema as s, type DbOrTx } from "@casebook/db";
import type { CheckDecision, CheckRequest } from "@casebook/compliance";

export interface StoreDecision {
  caseId: string;
  outreachStepId?: string | null;
  actorUserId: string | null;
  request: CheckRequest;
  decision: CheckDecision;
  evaluatedAt: Date;
}

/** Keeps the engine's answer with the exact input it saw (append-only), so a compliance officer can
 *  replay any decision: every allow, defer and block, whether the gate or the console asked. */
export async function storeDecision(tx: DbOrTx, input: StoreDecision): Promise<string> {
  const [stored] = await tx.insert(s.complianceDecisions).values(decisionRow(input)).returning({ id: s.complianceDecisions.id });
  return stored!.id;
}

/** The stored row of one decision (`id`: given by a batch, which writes many in one statement). */
export function decisionRow(input: StoreDecision & { id?: string }): typeof s.complianceDecisions.$inferInsert {
  const { request, decision } = input;
  return {
    ...(input.id ? { id: input.id } : {}),
    caseId: input.caseId,
    personId: request.consumer.id,
    outreachStepId: input.outreachStepId ?? null,
    actorUserId: input.actorUserId,
    channel: request.proposed.channel,
    ruleSet: request.ruleSet,
    decision: decision.decision,
    notBefore: decision.notBefore ? new Date(decision.notBefore) : null,
    results: decision.results,
    timeZones: decision.timeZones,
    request: request as unknown as Record<string, unknown>,
    evaluatedAt: input.evaluatedAt,
  };
}
