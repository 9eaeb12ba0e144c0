import { bigint, date, integer, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";

/**
 * The Team page's time on cases (issue 13): per user and UTC day, the work sessions of that day's case
 * events (audit_events with a case). A session is a run of one user's case events within one UTC day
 * with no gap longer than SESSION_GAP_MINUTES (packages/domain dashboards/agent-sessions.ts): sessions
 * are cut at midnight UTC, so a day's figure never depends on another day. Folded once per completed
 * day by foldAgentDays (packages/domain), watermark `agent_days` in rollup_watermarks.
 */
export const rollupAgentDays = pgTable(
  "rollup_agent_days",
  {
    agentId: uuid().notNull(),
    day: date({ mode: "string" }).notNull(),
    sessions: integer().notNull(),
    /** Sum over the day's sessions of (last event − first event + SESSION_TAIL_SECONDS), in
     *  microseconds (audit instants' own precision: days sum exactly, rounding happens once on read). */
    micros: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.day] })],
);

/** Which cases a user touched on a day (one row per user, day and case): "cases touched" over a range is
 *  the count of distinct case ids of its days, which per-day counts could not give (a case worked on two
 *  days is one case). Keyed user first, so a team's range is one index range per agent. */
export const rollupAgentCaseDays = pgTable(
  "rollup_agent_case_days",
  {
    agentId: uuid().notNull(),
    day: date({ mode: "string" }).notNull(),
    caseId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.day, t.caseId] })],
);
