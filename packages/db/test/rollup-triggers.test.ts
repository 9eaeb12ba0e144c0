import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../src/testing";

// Issue 15: the outreach steps' rollup trigger runs once per statement from the transition tables
// (migrations 0022, 0023). It must write exactly what the row trigger of 0016 wrote: the same
// dispatch_log rows and the same funnel inbox deltas, for inserts, every kind of update (claims with a
// new decision, moves of state, due time, reason, channel, funnel key, a decision taken away, a lease
// only), one-row and many-row statements, and deletes. Both run the same statements in one database,
// each in a transaction rolled back; the row trigger is created from 0016's own function.
const N = 300;
const drizzleDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../drizzle");
class RollBack extends Error {}

describe("outreach_steps rollup trigger per statement", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ max: 1 });
    const sql = t.ownerSql;
    await sql`create or replace function test_uuid(text) returns uuid language sql immutable as
      $$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`;
    // Funnel keys without a strategy tree behind them (the trigger only copies them).
    await sql`alter table outreach_steps drop constraint outreach_steps_strategy_step_id_strategy_steps_id_fk`;
    const [client] = await sql`insert into clients (code, name, country, currency, rule_set, agency_name, policy)
      values ('TRIG', 'Trigger Bank', 'US', 'USD', 'US-FDCPA', 'Trigger Recovery', '{}'::jsonb) returning id`;
    const [team] = await sql`insert into teams (name) values ('T') returning id`;
    await sql`insert into persons (id, full_name, given_name, country, region, postal_code, time_zones)
      select test_uuid('p' || i), 'P', 'B', 'US', 'NY', '11215', '{America/New_York}' from generate_series(1, ${N}::int) i`;
    await sql`insert into cases (id, client_id, person_id, team_id) select test_uuid('c' || i), ${client!.id}, test_uuid('p' || i), ${team!.id} from generate_series(1, ${N}::int) i`;
    await sql`insert into compliance_decisions (id, case_id, person_id, channel, rule_set, decision, results, time_zones, request, evaluated_at)
      select test_uuid('d' || i), test_uuid('c' || (1 + i % ${N})), test_uuid('p' || (1 + i % ${N})), 'sms', 'US-FDCPA', (array['allow','defer','block'])[1 + i % 3]::decision_kind,
        ('[{"rule":"r' || (i % 4) || '","outcome":"' || (array['pass','defer','block'])[1 + i % 3] || '"},{"rule":"x","outcome":"block"}]')::jsonb, '{}', '{}', now()
        from generate_series(1, ${3 * N}::int) i`;
  });
  afterAll(async () => t?.drop());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Tx = any;
  async function ops(tx: Tx) {
    await tx`insert into outreach_steps (id, case_id, person_id, party_person_id, account_ids, kind, channel, template_code, purpose, due_at, occurrence, strategy_step_id, last_decision_id, updated_at, created_at)
      select test_uuid('s' || i), test_uuid('c' || i), test_uuid('p' || i), test_uuid('p' || i), '{}', 'b', 'sms', 'x', 'collection', '2026-12-01T10:00:00Z'::timestamptz - (i || ' minutes')::interval, i,
        case when i % 3 = 0 then null else test_uuid('ss' || (i % 5)) end, case when i % 7 = 0 then test_uuid('d' || i) else null end, '2026-12-01T09:00:00Z'::timestamptz, '2026-12-01T09:00:00Z'::timestamptz from generate_series(1, ${N}::int) i`;
    await tx`update outreach_steps s set state = 'claimed', last_decision_id = test_uuid('d' || (i + ${N})), updated_at = '2026-12-01T10:00:00Z'::timestamptz + interval '1 s' from generate_series(1, ${N}::int) i where s.id = test_uuid('s' || i) and i % 2 = 0`;
    await tx`update outreach_steps set state = 'dispatched', updated_at = '2026-12-01T10:00:00Z'::timestamptz + interval '2 s' where state = 'claimed' and occurrence % 4 = 0`;
    await tx`update outreach_steps set leased_until = '2026-12-01T10:00:00Z'::timestamptz where occurrence % 3 = 1`;
    await tx`update outreach_steps set due_at = due_at + interval '1 day', reason = 'compliance_deferred', state = 'deferred' where occurrence % 5 = 0`;
    await tx`update outreach_steps set channel = 'email' where occurrence % 11 = 0`;
    await tx`update outreach_steps set updated_at = updated_at + interval '5 s' where occurrence % 2 = 0`;
    await tx`update outreach_steps set last_decision_id = null where occurrence % 13 = 0`;
    await tx`update outreach_steps set strategy_step_id = test_uuid('ss9') where occurrence % 17 = 0`;
    // One-row statements.
    for (const i of [2, 4, 14, 21, 30]) await tx`update outreach_steps set state = 'delivered', updated_at = '2026-12-01T10:00:00Z'::timestamptz + interval '3 s' where occurrence = ${i}`;
    await tx`update outreach_steps set last_decision_id = test_uuid('d' || (occurrence + ${2 * N})) where occurrence % 19 = 0`;
    for (const i of [6, 12, 35]) await tx`update outreach_steps set state = 'claimed', last_decision_id = test_uuid('d' || (occurrence + ${2 * N} + 1)) where occurrence = ${i}`;
    await tx`delete from outreach_steps where occurrence % 23 = 0`;
    await tx`delete from outreach_steps where occurrence = 42`;
  }
  async function run(kind: "row" | "statement"): Promise<{ log: unknown[]; inbox: unknown[] }> {
    let out: { log: unknown[]; inbox: unknown[] } = { log: [], inbox: [] };
    const rowFunction = (await readFile(path.join(drizzleDir, "0016_outreach_rollup_triggers.sql"), "utf8")).split("--> statement-breakpoint")[0]!;
    await t.ownerSql.begin(async (tx: Tx) => {
      if (kind === "row") {
        for (const event of ["insert", "update", "delete"]) await tx.unsafe(`drop trigger outreach_steps_rollup_${event} on outreach_steps`);
        await tx.unsafe(rowFunction);
        await tx.unsafe(`create trigger outreach_steps_rollup after insert or update or delete on outreach_steps for each row execute function casebook_outreach_step_rollup()`);
      }
      await ops(tx);
      const log = await tx`select step_id, case_id, client_id, strategy_id, stage_id, channel, state, reason, due_at, updated_at, decision_id, decision, rules from dispatch_log order by step_id`;
      const inbox = await tx`select case_id, strategy_step_id, day, state, given_up, delta, count(*)::int as n from rollup_step_inbox group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`;
      out = { log: [...log], inbox: [...inbox] };
      throw new RollBack();
    }).catch((err: unknown) => {
      if (!(err instanceof RollBack)) throw err;
    });
    return out;
  }

  it("writes the dispatch_log rows and funnel inbox deltas the row trigger wrote", async () => {
    const byRow = await run("row");
    const byStatement = await run("statement");
    expect(byRow.log.length).toBeGreaterThan(100);
    expect(byRow.inbox.length).toBeGreaterThan(100);
    expect(byStatement).toEqual(byRow);
  });
});
