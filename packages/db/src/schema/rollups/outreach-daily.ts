import { bigint, boolean, date, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { instant } from "../_shared/columns";
import { channel, decisionKind, outreachState, outreachStepReason } from "../_shared/enums";

/**
 * The Outreach funnel's step counts (issue 13): cadence steps per UTC day of their due time, client,
 * strategy stage, state and whether the worker gave up on them (reason retries_exhausted). Each step
 * counts once, under its state now: a step changing state (or due day) moves one count from its old key
 * to its new one. Folded from rollup_step_inbox by foldRollups (packages/domain), like the portfolio.
 */
export const rollupOutreachDaily = pgTable(
  "rollup_outreach_daily",
  {
    day: date({ mode: "string" }).notNull(),
    clientId: uuid().notNull(),
    stageId: uuid().notNull(),
    state: outreachState().notNull(),
    givenUp: boolean().notNull(),
    steps: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.clientId, t.stageId, t.state, t.givenUp] })],
);

/** What the funnel has not folded yet: a trigger on outreach_steps adds −1 under a step's old key and
 *  +1 under its new one, in the writer's transaction (appends only: no hot rollup row is locked on the
 *  dispatch path). The key is carried whole, so a fold never depends on the step's later state. */
export const rollupStepInbox = pgTable("rollup_step_inbox", {
  id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  caseId: uuid().notNull(),
  strategyStepId: uuid().notNull(),
  day: date({ mode: "string" }).notNull(),
  state: outreachState().notNull(),
  givenUp: boolean().notNull(),
  delta: integer().notNull(),
});

/**
 * The dispatch log (issue 13): one row per outreach step the gate decided on, kept by a trigger on
 * outreach_steps in the writer's transaction (keyed by the step, so writers of different steps never
 * wait on each other): the step's state, due time and last change, its client, strategy and stage, and
 * its last decision with the rules that held it back. The Outreach page lists it newest change first.
 */
export const dispatchLog = pgTable(
  "dispatch_log",
  {
    stepId: uuid().primaryKey(),
    caseId: uuid().notNull(),
    clientId: uuid().notNull(),
    strategyId: uuid(),
    stageId: uuid(),
    channel: channel().notNull(),
    state: outreachState().notNull(),
    reason: outreachStepReason(),
    dueAt: instant().notNull(),
    updatedAt: instant().notNull(),
    decisionId: uuid().notNull(),
    decision: decisionKind(),
    rules: text().array().notNull(),
  },
  (t) => [index("dispatch_log_recent_idx").on(t.updatedAt.desc(), t.stepId), index("dispatch_log_client_recent_idx").on(t.clientId, t.updatedAt.desc())],
);
