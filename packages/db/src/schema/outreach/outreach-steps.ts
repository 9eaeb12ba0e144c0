import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { channel, contactPurpose, outreachState, outreachStepReason, partyRole } from "../_shared/enums";
import { cases } from "../cases/cases";
import { contactPoints } from "../persons/contact-points";
import { persons } from "../persons/persons";
import { strategies } from "../strategies/strategies";
import { strategySteps } from "../strategies/strategy-steps";

/** One planned contact. The schedule lives here (not in delayed Redis jobs): the sweep selects
 *  due rows by (state, due_at). Its state and reason change only through
 *  packages/domain/src/outreach/steps/step-lifecycle.ts (the transition table is there). Never sent
 *  twice: the claim writes a ledger row whose dispatch id is unique. */
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
    /** Set by the sweep while the step's job waits in Redis (the next sweeps skip it until then); cleared
     *  by every transition and, after Redis lost its data, by the worker, so the step is swept again. */
    leasedUntil: instant(),
    /** Why the step is in its state (a typed code; set and cleared only by the step lifecycle). */
    reason: outreachStepReason(),
    updatedAt: instant().notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outreach_steps_plan_key").on(t.caseId, t.strategyStepId, t.occurrence, t.partyPersonId),
    index("outreach_steps_due_idx").on(t.dueAt).where(sql`state in ('planned', 'deferred')`),
    index().on(t.caseId, t.state),
    // The reconciler's pass (every minute) reads only the unsettled claims: without this index it
    // scanned every step ever planned. Its predicate covers the pass's `state = 'reconcile' or
    // (state = 'claimed' and claimed_at < …)`, and the rows it holds are few (claims in flight).
    index("outreach_steps_unsettled_idx").on(t.claimedAt).where(sql`state in ('claimed', 'reconcile')`),
  ],
);
