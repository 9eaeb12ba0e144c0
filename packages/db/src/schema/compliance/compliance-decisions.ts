import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { channel, decisionKind, ruleSetId } from "../_shared/enums";
import { cases } from "../cases/cases";
import { users } from "../identity/users";
import { persons } from "../persons/persons";

export interface DecisionResult {
  rule: string;
  outcome: "defer" | "block";
  reason: string;
  notBefore?: string;
}

/** The engine's answer for one proposed contact, with the exact input it saw. Append-only: a
 *  compliance officer must be able to replay any decision. */
export const complianceDecisions = pgTable(
  "compliance_decisions",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    personId: uuid().notNull().references(() => persons.id),
    outreachStepId: uuid(),
    actorUserId: uuid().references(() => users.id),
    channel: channel().notNull(),
    ruleSet: ruleSetId().notNull(),
    decision: decisionKind().notNull(),
    notBefore: instant(),
    results: jsonb().$type<DecisionResult[]>().notNull(),
    timeZones: text().array().notNull(),
    request: jsonb().$type<Record<string, unknown>>().notNull(),
    evaluatedAt: instant().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.caseId, t.evaluatedAt),
    index().on(t.decision, t.evaluatedAt),
    // The compliance officer's decision log: by person, by date, by rule id (results @> '[{"rule":…}]').
    index().on(t.personId, t.evaluatedAt),
    index().on(t.evaluatedAt),
    index().using("gin", t.results.op("jsonb_path_ops")),
  ],
);
