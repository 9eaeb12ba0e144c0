import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { channel, contactPurpose, outreachState, partyRole } from "../_shared/enums";
import { cases } from "../cases/cases";
import { contactPoints } from "../persons/contact-points";
import { persons } from "../persons/persons";
import { strategies } from "../strategies/strategies";
import { strategySteps } from "../strategies/strategy-steps";

/** One planned contact. The schedule lives here (not in delayed Redis jobs): the sweep selects
 *  due rows by (state, due_at). planned → claimed → dispatched → delivered | failed; a defer moves
 *  due_at to the engine's notBefore and sets state "deferred"; a block ends the step. Never sent twice:
 *  the claim writes a ledger row whose dispatch id is unique. */
export const outreachSteps = pgTable(
  "outreach_steps",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    /** The debtor whose debts the step concerns. */
    personId: uuid().notNull().references(() => persons.id),
    /** Who is contacted: the debtor or a related party (emergency contacts: location only). */
    partyPersonId: uuid().notNull().references(() => persons.id),
    partyRole: partyRole().notNull().default("consumer"),
    contactPointId: uuid().references(() => contactPoints.id),
    accountIds: uuid().array().notNull(),
    strategyId: uuid().references(() => strategies.id),
    /** Null for steps not from a cadence (plan installment reminders, agent-queued messages). */
    strategyStepId: uuid().references(() => strategySteps.id),
    /** The n-th repetition of a repeating strategy step. */
    occurrence: integer().notNull().default(1),
    kind: text().notNull().default("cadence"),
    channel: channel().notNull(),
    templateCode: text().notNull(),
    purpose: contactPurpose().notNull(),
    autodialed: boolean().notNull().default(false),
    dueAt: instant().notNull(),
    state: outreachState().notNull().default("planned"),
    deferrals: integer().notNull().default(0),
    lastDecisionId: uuid(),
    /** Set at claim; equals the ledger row's dispatch id and the provider's idempotency key. */
    dispatchId: uuid().unique(),
    claimedAt: instant(),
    dispatchedAt: instant(),
    finishedAt: instant(),
    lastError: text(),
    updatedAt: instant().notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outreach_steps_plan_key").on(t.caseId, t.strategyStepId, t.occurrence, t.partyPersonId),
    index("outreach_steps_due_idx").on(t.dueAt).where(sql`state in ('planned', 'deferred')`),
    index().on(t.caseId, t.state),
  ],
);
