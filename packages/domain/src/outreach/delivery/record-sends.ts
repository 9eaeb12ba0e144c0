import { insertRows, schema as s, type Tx } from "@casebook/db";
import { writeAudits } from "../../audit";
import type { Actor } from "../../context";
import { markStepsSent } from "../steps/step-lifecycle";
import type { PortSendResult } from "./channels-port";

export interface AcceptedSend {
  attempt: { id: string; caseId: string; personId: string; stepId: string };
  result: PortSendResult;
}

/**
 * The provider took these claimed attempts: one `sent` (or `delivered`) fact each in the append-only
 * ledger, their audit events, and their steps moved on, in three statements whatever their number
 * (a dispatch batch writes back all its sends at once; a single send is a batch of one). A step that
 * moved on meanwhile (a fast receipt delivered it) keeps its state; its fact is kept all the same.
 */
export async function recordSendsInTx(tx: Tx, actor: Actor, now: Date, sends: readonly AcceptedSend[]): Promise<void> {
  if (sends.length === 0) return;
  const outcome = (r: PortSendResult): "delivered" | "sent" => (r.status === "delivered" ? "delivered" : "sent");
  await insertRows(tx, s.contactOutcomes, sends.map((x) => ({
    attemptId: x.attempt.id,
    outcome: outcome(x.result),
    source: "worker" as const,
    recordedBy: actor.kind === "user" ? actor.userId : null,
    providerMessageId: x.result.providerMessageId,
    details: { providerStatus: x.result.status },
    at: now,
  })));
  await writeAudits(tx, actor, sends.map((x) => ({
    action: "contact.outcome", entityType: "contact_attempt", entityId: x.attempt.id, personId: x.attempt.personId, caseId: x.attempt.caseId,
    details: { outcome: outcome(x.result), source: "worker" },
  })), now);
  await markStepsSent(tx, sends.filter((x) => x.result.status === "delivered").map((x) => x.attempt.stepId), { to: "delivered", now });
  await markStepsSent(tx, sends.filter((x) => x.result.status !== "delivered").map((x) => x.attempt.stepId), { to: "dispatched", now });
}
