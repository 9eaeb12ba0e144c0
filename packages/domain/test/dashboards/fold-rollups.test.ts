import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import { foldRollups } from "../../src";
import { directDecisions, directPortfolio, keyed, MEASURES, rolledDecisions, rolledPortfolio } from "./direct-sql";

// A seeded portfolio (the demo generator: a year of contact history, promises, payments, decisions),
// folded into the rollups, must equal the same figures computed directly from the source tables;
// then later facts (a second conversation on a reached attempt, a reversal, a broken promise, a
// new attempt) must move the rollup exactly as they move the direct computation.
let t: TestDatabase;
const NOW = new Date("2026-03-03T17:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  // The seed migrates and drops/recreates indexes: the owner's work, not the runtime role's.
  await seedDemo({ url: t.ownerUrl, accounts: 400, now: NOW, copyLanes: 2 });
}, 180_000);
afterAll(async () => t?.drop());

async function expectRollupsEqualDirect() {
  const direct = keyed(await directPortfolio(t.sql), MEASURES);
  const rolled = keyed(await rolledPortfolio(t.sql), MEASURES);
  expect(rolled.size).toBe(direct.size);
  expect(Object.fromEntries(rolled)).toEqual(Object.fromEntries(direct));
  const dd = keyed(await directDecisions(t.sql), ["decisions"]);
  const rd = keyed(await rolledDecisions(t.sql), ["decisions"]);
  expect(Object.fromEntries(rd)).toEqual(Object.fromEntries(dd));
}

describe("foldRollups", () => {
  it("folds the seeded portfolio into rollups equal to a direct SQL computation", async () => {
    const [{ n }] = await t.sql<[{ n: number }]>`select count(*)::int as n from rollup_inbox`;
    expect(n).toBeGreaterThan(1_000);
    // Small batches: the first-reach logic must hold across batch boundaries too.
    const r = await foldRollups({ db: t.db }, { batchSize: 997 });
    expect(r).toEqual({ folded: n, busy: false });
    const [sums] = await t.sql<[{ attempts: number; contacts: number; rpcs: number; collected: string; kept: number }]>`
      select sum(attempts)::int as attempts, sum(contacts)::int as contacts, sum(rpcs)::int as rpcs, sum(collected_minor)::text as collected,
        sum(promises_kept)::int as kept from rollup_portfolio_daily`;
    // The seed tells real stories: every measure is exercised, not a table of zeros.
    expect(sums.attempts).toBeGreaterThan(sums.contacts);
    expect(sums.rpcs).toBeGreaterThan(0);
    expect(Number(sums.collected)).toBeGreaterThan(0);
    expect(sums.kept).toBeGreaterThan(0);
    await expectRollupsEqualDirect();
  });

  it("keeps equal as later facts arrive, and counts a reached attempt once", async () => {
    const [reached] = await t.sql<[{ attempt_id: string }]>`
      select attempt_id from contact_outcomes where outcome = 'conversation' limit 1`;
    const before = await t.sql`select sum(contacts)::int as c, sum(conversations)::int as v from rollup_portfolio_daily`;
    await t.sql`insert into contact_outcomes (attempt_id, outcome, source, at) values (${reached.attempt_id}, 'conversation', 'agent', now())`;
    // An attempt with no reach yet gets two reach outcomes at once (same batch).
    const [unreached] = await t.sql<[{ id: string }]>`
      select a.id from contact_attempts a where a.direction = 'outbound'
        and not exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome in ('conversation', 'wrong_party', 'refused')) limit 1`;
    await t.sql`insert into contact_outcomes (attempt_id, outcome, source, at) values (${unreached.id}, 'wrong_party', 'agent', now()), (${unreached.id}, 'conversation', 'agent', now())`;
    const [pay] = await t.sql<[{ id: string }]>`select id from payments where status = 'posted' limit 1`;
    await t.sql`update payments set status = 'reversed', reversed_at = now(), reversal_reason = 'nsf' where id = ${pay.id}`;
    const [prom] = await t.sql<[{ id: string }]>`select id from promises where status = 'pending' limit 1`;
    if (prom) await t.sql`update promises set status = 'broken', resolved_at = now() where id = ${prom.id}`;
    const [kept] = await t.sql<[{ id: string }]>`select id from promises where status = 'kept' limit 1`;
    await t.sql`update promises set status = 'cancelled' where id = ${kept.id}`;
    await t.sql`insert into contact_attempts (reference_code, case_id, person_id, party_person_id, party_role, channel, direction, purpose, account_ids, started_at)
      select 'FOLDTEST1', a.case_id, a.person_id, a.person_id, 'consumer', 'call', 'outbound', 'collection', a.account_ids, now() from contact_attempts a limit 1`;

    const r = await foldRollups({ db: t.db }, { batchSize: 2 });
    expect(r.folded).toBeGreaterThanOrEqual(6);
    await expectRollupsEqualDirect();
    const after = await t.sql`select sum(contacts)::int as c, sum(conversations)::int as v from rollup_portfolio_daily`;
    expect(after[0]!.c).toBe(before[0]!.c + 1);
    expect(after[0]!.v).toBe(before[0]!.v + 1);
  });

  it("lets one fold run at a time", async () => {
    await t.sql`insert into contact_attempts (reference_code, case_id, person_id, party_person_id, party_role, channel, direction, purpose, account_ids, started_at)
      select 'FOLDTEST2', a.case_id, a.person_id, a.person_id, 'consumer', 'sms', 'outbound', 'collection', a.account_ids, now() from contact_attempts a limit 1`;
    const holder = await t.sql.reserve();
    await holder`begin`;
    await holder`select pg_advisory_xact_lock(hashtext('casebook:rollup-fold'))`;
    expect(await foldRollups({ db: t.db })).toEqual({ folded: 0, busy: true });
    await holder`rollback`;
    holder.release();
    expect((await foldRollups({ db: t.db })).folded).toBe(1);
    await expectRollupsEqualDirect();
  });
});
