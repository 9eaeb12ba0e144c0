import { insertRows, schema, type DbOrTx } from "@casebook/db";
import type { Actor } from "./context";

export interface AuditEntry {
  /** Dotted verb: "case.view", "person.reveal", "promise.record"... */
  action: string;
  entityType: string;
  entityId: string;
  personId?: string | null;
  caseId?: string | null;
  /** Ids and non-personal facts only: never names, numbers or addresses. */
  details?: Record<string, unknown>;
}

/** The audit_events row of one entry by one actor (the timestamp defaults to the database's now()). */
function auditRow(actor: Actor, entry: AuditEntry, at?: Date) {
  return {
    ...(at ? { at } : {}),
    actorKind: actor.kind,
    actorUserId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    personId: entry.personId ?? null,
    caseId: entry.caseId ?? null,
    details: entry.details ?? {},
    ip: actor.kind === "user" ? (actor.ip ?? null) : null,
  };
}

/** Writes the audit event inside the caller's transaction: if it fails, the change rolls back. */
export async function writeAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry, at?: Date): Promise<void> {
  await tx.insert(schema.auditEvents).values(auditRow(actor, entry, at));
}

/** Many events of one actor in one statement (a bulk change audited per record), same transaction rule. */
export async function writeAudits(tx: DbOrTx, actor: Actor, entries: AuditEntry[], at?: Date): Promise<void> {
  // One JSON parameter, not a placeholder per value (a dispatch batch audits every step: issue 15).
  await insertRows(tx, schema.auditEvents, entries.map((entry) => auditRow(actor, entry, at)));
}
