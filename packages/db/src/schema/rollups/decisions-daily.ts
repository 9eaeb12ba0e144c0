import { date, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { channel, decisionKind } from "../_shared/enums";

/** Gate decisions per UTC day, client, strategy, channel and rule: where outreach is held back and why.
 *  A decision counts once under rule '' with its overall outcome, and once per rule result it carries
 *  (a block with two rules adds to both rules). Folded from rollup_inbox like the portfolio figures. */
export const rollupDecisionsDaily = pgTable(
  "rollup_decisions_daily",
  {
    day: date({ mode: "string" }).notNull(),
    clientId: uuid().notNull(),
    strategyId: uuid().notNull(),
    channel: channel().notNull(),
    rule: text().notNull(),
    outcome: decisionKind().notNull(),
    decisions: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.clientId, t.strategyId, t.channel, t.rule, t.outcome] })],
);
