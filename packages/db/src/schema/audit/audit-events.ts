import { bigint, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant } from "../_shared/columns";
import { actorKind } from "../_shared/enums";

/** Who did what to which record, and who looked at whose personal data. Append-only by trigger;
 *  written in the same transaction as the change it records. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: instant().notNull().defaultNow(),
    actorKind: actorKind().notNull(),
    actorUserId: uuid(),
    /** "system:outreach-worker", "api:<key prefix>", the user's email... */
    actorLabel: text().notNull(),
    /** Dotted verb: "case.view", "person.reveal", "promise.record", "hold.place"... */
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    /** Whose personal data the event touched or showed. */
    personId: uuid(),
    caseId: uuid(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ip: text(),
  },
  (t) => [
    index().on(t.entityType, t.entityId),
    index().on(t.personId, t.at),
    index().on(t.actorUserId, t.at),
    index().on(t.caseId, t.at),
    // The audit log viewer: newest first, filtered by action.
    index().on(t.at),
    index().on(t.action, t.at),
  ],
);
