import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import { foldRollups, rebuildRollups } from "../../src";
import { directDecisions, directPortfolio, keyed, MEASURES, rolledDecisions, rolledPortfolio } from "./direct-sql";

// rebuildRollups (the large-scale seed's way to its rollups): the fold of every queued row at once, in
// a few set-wise statements. On a seeded book (whose inbox the seed queues set-wise, with the rollup
// triggers off during the load) it must give the figures of a direct SQL computation and of the batch
// fold, and the fold must carry on from it as new facts arrive.
let t: TestDatabase;
const NOW = new Date("2026-03-03T17:00:00Z");

type Sql = TestDatabase["sql"];
const portfolio = async (sql: Sql) => Object.fromEntries(keyed(await rolledPortfolio(sql), MEASURES));
const decisions = async (sql: Sql) => Object.fromEntries(keyed(await rolledDecisions(sql), ["decisions"]));
const funnel = async (sql: Sql) =>
  sql`select day::text, client_id::text, stage_id::text, state::text, given_up, steps from rollup_outreach_daily where steps <> 0 order by 1, 2, 3, 4, 5`;

async function expectEqualDirect(sql: Sql) {
  expect(await portfolio(sql)).toEqual(Object.fromEntries(keyed(await directPortfolio(sql), MEASURES)));
  expect(await decisions(sql)).toEqual(Object.fromEntries(keyed(await directDecisions(sql), ["decisions"])));
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo({ url: t.ownerUrl, accounts: 400, now: NOW, copyLanes: 2, attempts: 3_000 });
  // Cadence steps in several states (the funnel's rollup), through the trigger.
  await t.sql`
    insert into outreach_steps (case_id, person_id, party_person_id, account_ids, strategy_id, strategy_step_id, occurrence, channel, template_code, purpose, due_at, state, reason)
    select c.id, c.person_id, c.person_id, array[(select a.id from accounts a where a.case_id = c.id limit 1)], c.strategy_id, s.id, 1, 'sms', 'reminder', 'collection',
      '2026-02-01T15:00:00Z'::timestamptz + (row_number() over () % 20) * interval '1 day',
      (array['planned', 'delivered', 'failed', 'deferred'])[1 + (row_number() over () % 4)::int]::outreach_state,
      case when row_number() over () % 4 = 2 then 'retries_exhausted'::outreach_step_reason end
    from cases c cross join lateral (
      select ss.id from strategy_steps ss join strategy_stages sg on sg.id = ss.stage_id where sg.strategy_id = c.strategy_id order by sg.ordinal, ss.ordinal limit 2
    ) s where c.strategy_id is not null`;
}, 240_000);
afterAll(async () => t?.drop());

describe("rebuildRollups", () => {
  it("queues in the seed exactly the rows the triggers would have, and rebuilds them into the direct SQL figures, emptying the inbox", async () => {
    const [q] = await t.sql<[{ inbox: number; attempts: number; decisions: number }]>`select
      (select count(*) from rollup_inbox where source = 'attempt')::int as inbox,
      (select count(*) from contact_attempts)::int as attempts, (select count(*) from compliance_decisions)::int as decisions`;
    expect(q.inbox).toBe(q.attempts);
    const r = await rebuildRollups({ db: t.db });
    expect(r.busy).toBe(false);
    expect(r.inbox).toBeGreaterThan(q.attempts + q.decisions);
    expect(r.portfolioRows).toBeGreaterThan(0);
    expect(r.outreachRows).toBeGreaterThan(0);
    const [left] = await t.sql<[{ n: number }]>`select ((select count(*) from rollup_inbox) + (select count(*) from rollup_step_inbox))::int as n`;
    expect(left.n).toBe(0);
    await expectEqualDirect(t.sql);
  });

  it("gives the same rollups as the batch fold of the same inbox", async () => {
    const rebuilt = { p: await portfolio(t.sql), d: await decisions(t.sql), f: await funnel(t.sql) };
    // Queue everything again, as the seed does, and fold it in small batches from empty rollups.
    await t.sql`delete from rollup_portfolio_daily`;
    await t.sql`delete from rollup_decisions_daily`;
    await t.sql`delete from rollup_outreach_daily`;
    await t.sql`insert into rollup_inbox (source, ref_id) select 'account', id from accounts`;
    await t.sql`insert into rollup_inbox (source, ref_id) select 'attempt', id from contact_attempts`;
    await t.sql`insert into rollup_inbox (source, ref_id) select 'outcome', id from contact_outcomes where outcome in ('conversation', 'wrong_party', 'refused')`;
    await t.sql`insert into rollup_inbox (source, ref_id) select 'decision', id from compliance_decisions`;
    await t.sql`insert into rollup_inbox (source, ref_id) select 'promise_made', id from promises`;
    await t.sql`insert into rollup_inbox (source, ref_id) select 'promise_' || status::text, id from promises where status in ('kept', 'broken')`;
    await t.sql`insert into rollup_inbox (source, ref_id, delta) select 'payment', id, amount_minor from payments where status = 'posted'`;
    await t.sql`insert into rollup_step_inbox (case_id, strategy_step_id, day, state, given_up, delta)
      select case_id, strategy_step_id, (due_at at time zone 'UTC')::date, state, reason is not distinct from 'retries_exhausted', 1 from outreach_steps`;
    await foldRollups({ db: t.db }, { batchSize: 1_999 });
    expect(await portfolio(t.sql)).toEqual(rebuilt.p);
    expect(await decisions(t.sql)).toEqual(rebuilt.d);
    expect(await funnel(t.sql)).toEqual(rebuilt.f);
  });

  it("lets the fold carry on after a rebuild: a second reach of a reached attempt is not counted twice", async () => {
    await rebuildRollups({ db: t.db });
    const [reached] = await t.sql<[{ attempt_id: string }]>`select attempt_id from contact_outcomes where outcome = 'conversation' limit 1`;
    await t.sql`insert into contact_outcomes (attempt_id, outcome, source, at) values (${reached.attempt_id}, 'conversation', 'agent', now())`;
    await t.sql`insert into contact_attempts (reference_code, case_id, person_id, party_person_id, party_role, channel, direction, purpose, account_ids, started_at)
      select 'REBUILD01', a.case_id, a.person_id, a.person_id, 'consumer', 'call', 'outbound', 'collection', a.account_ids, now() from contact_attempts a limit 1`;
    const r = await foldRollups({ db: t.db });
    expect(r.folded).toBe(2);
    await expectEqualDirect(t.sql);
  });

  it("refuses to run beside a fold (one lock)", async () => {
    const holder = await t.sql.reserve();
    await holder`begin`;
    await holder`select pg_advisory_xact_lock(hashtext('casebook:rollup-fold'))`;
    expect((await rebuildRollups({ db: t.db })).busy).toBe(true);
    await holder`rollback`;
    holder.release();
  });
});
