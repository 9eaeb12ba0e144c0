import { bigint, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant } from "../_shared/columns";

/** What the dashboards have not folded yet. Triggers on the ledger, outcomes, promises, payments,
 *  accounts and decisions add one row in the writer's own transaction (so nothing committed is ever
 *  missed, unlike a created_at watermark with concurrent writers); foldRollups (packages/domain) turns
 *  a batch into rollup deltas and deletes it in one statement. `delta` carries the signed change the
 *  event made (a reversal is −amount), so the fold never depends on the row's later state. */
export const rollupInbox = pgTable(
  "rollup_inbox",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** attempt | outcome | promise_made | promise_kept | promise_broken | payment | account | decision */
    source: text().notNull(),
    refId: uuid().notNull(),
    delta: bigint({ mode: "number" }).notNull().default(1),
    at: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.refId)],
);
