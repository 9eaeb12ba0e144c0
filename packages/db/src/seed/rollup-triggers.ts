import type postgres from "postgres";

// The rollup triggers (migration 0007) queue one rollup_inbox row per ledger row, from a row-level
// trigger: at the large-scale seed's 10,000,000 attempts that is ~25,000,000 trigger calls, each an
// INSERT. The seed switches them off while it loads (it runs as the tables' owner, on a database
// nobody else writes to yet) and then queues the same rows set-wise, with the statements the migration
// uses to queue the rows of a database migrated with data in it: the inbox ends up holding exactly what
// the triggers would have queued, so the fold (or a rebuild, domain/dashboards/rebuild-rollups.ts) counts
// the seeded book as it counts live events.

/** The tables and their rollup trigger (migration 0007). */
export const ROLLUP_TRIGGERS: ReadonlyArray<readonly [table: string, trigger: string]> = [
  ["accounts", "accounts_rollup"],
  ["contact_attempts", "contact_attempts_rollup"],
  ["contact_outcomes", "contact_outcomes_rollup"],
  ["compliance_decisions", "compliance_decisions_rollup"],
  ["promises", "promises_rollup"],
  ["payments", "payments_rollup"],
];

/** The events-out triggers that fire on INSERT (migration 0013). The seed's database is new and has no
 *  webhook endpoint, so they would write nothing; but each first looks its row's case and allocations up,
 *  in tables whose indexes the bulk load has dropped: a scan per payment, quadratic in the book's size
 *  (the reason the 700,000-account seed of the last session ran for over an hour). */
export const INSERT_OUTBOX_TRIGGERS: ReadonlyArray<readonly [table: string, trigger: string]> = [
  ["payments", "payments_outbox"],
  ["disputes", "disputes_outbox"],
  ["holds", "holds_outbox"],
];

/** Off for the bulk load: the rollup triggers (queued set-wise afterwards) and the insert-time outbox
 *  triggers (nothing to deliver to: refused when a webhook endpoint exists). */
export async function disableLoadTriggers(sql: postgres.Sql): Promise<void> {
  const [{ endpoints }] = (await sql`select count(*)::int as endpoints from webhook_endpoints`) as unknown as [{ endpoints: number }];
  if (endpoints > 0) throw new Error("the seed loads a new database: it has webhook endpoints, whose events the bulk load would not write");
  for (const [table, trigger] of [...ROLLUP_TRIGGERS, ...INSERT_OUTBOX_TRIGGERS]) await sql.unsafe(`alter table "${table}" disable trigger "${trigger}"`);
}

/** Switches the triggers back on and queues every row they would have queued, one statement per source. */
export async function enableLoadTriggersAndQueue(sql: postgres.Sql): Promise<number> {
  for (const [table, trigger] of [...ROLLUP_TRIGGERS, ...INSERT_OUTBOX_TRIGGERS]) await sql.unsafe(`alter table "${table}" enable trigger "${trigger}"`);
  const statements = [
    `insert into rollup_inbox (source, ref_id) select 'account', id from accounts`,
    `insert into rollup_inbox (source, ref_id) select 'attempt', id from contact_attempts`,
    `insert into rollup_inbox (source, ref_id) select 'outcome', id from contact_outcomes where outcome in ('conversation', 'wrong_party', 'refused')`,
    `insert into rollup_inbox (source, ref_id) select 'decision', id from compliance_decisions`,
    `insert into rollup_inbox (source, ref_id) select 'promise_made', id from promises`,
    `insert into rollup_inbox (source, ref_id) select 'promise_' || status::text, id from promises where status in ('kept', 'broken')`,
    `insert into rollup_inbox (source, ref_id, delta) select 'payment', id, amount_minor from payments where status = 'posted'`,
  ];
  let queued = 0;
  for (const statement of statements) queued += (await sql.unsafe(statement)).count;
  return queued;
}
