import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import { foldBucketDays, foldRollups } from "../../src";
import { directBuckets, directDecisions, directPortfolio, keyed, MEASURES, rolledBuckets, rolledDecisions, rolledPortfolio } from "./direct-sql";

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

describe("foldBucketDays", () => {
  const YESTERDAY = "2026-03-02";

  it("folds every completed day into bucket moves equal to a per-day, per-case direct computation", async () => {
    // A small maxDays: the fold resumes from its watermark, one whole day per transaction.
    const first = await foldBucketDays({ db: t.db, now: NOW }, { maxDays: 40 });
    expect(first).toMatchObject({ days: 40, busy: false });
    let more = first;
    while (more.days > 0) more = await foldBucketDays({ db: t.db, now: NOW }, { maxDays: 200 });
    expect(more.throughDay).toBe(YESTERDAY);
    const direct = keyed(await directBuckets(t.sql, YESTERDAY), ["cases"]);
    const rolled = keyed(await rolledBuckets(t.sql), ["cases"]);
    expect(rolled.size).toBe(direct.size);
    expect(Object.fromEntries(rolled)).toEqual(Object.fromEntries(direct));
    // Real stories: cases roll forward, get cured by payment, and leave otherwise.
    const [m] = await t.sql<[{ rolled: number; paid: number; stays: number }]>`
      select sum(cases) filter (where from_state = '1_29' and to_state = '30_59')::int as rolled,
        sum(cases) filter (where to_state = 'paid' and from_state <> 'pre_due')::int as paid,
        sum(cases) filter (where from_state = to_state)::int as stays from rollup_buckets_daily`;
    expect(m.rolled).toBeGreaterThan(0);
    expect(m.paid).toBeGreaterThan(0);
    expect(m.stays).toBeGreaterThan(m.rolled);
    // The per-case moves are the rollup's non-stay rows.
    const [moves] = await t.sql<[{ a: number; b: number }]>`
      select (select count(*) from case_bucket_moves)::int as a, (select sum(cases) from rollup_buckets_daily where from_state <> to_state)::int as b`;
    expect(moves.a).toBe(moves.b);
  });

  it("folds a day once, and only after it ends", async () => {
    const again = await foldBucketDays({ db: t.db, now: new Date("2026-03-03T23:59:59Z") });
    expect(again).toEqual({ days: 0, throughDay: YESTERDAY, busy: false });
    const [{ n }] = await t.sql<[{ n: number }]>`select count(*)::int as n from rollup_buckets_daily where day > ${YESTERDAY}::date`;
    expect(n).toBe(0);
    const holder = await t.sql.reserve();
    await holder`begin`;
    await holder`select pg_advisory_xact_lock(hashtext('casebook:bucket-fold'))`;
    expect(await foldBucketDays({ db: t.db, now: new Date("2026-03-05T00:00:00Z") })).toEqual({ days: 0, throughDay: null, busy: true });
    await holder`rollback`;
    holder.release();
    // Paying off a past-due case today is a cure on today's row, once today is over.
    const [c] = await t.sql<[{ case_id: string }]>`
      select a.case_id from accounts a join cases c on c.id = a.case_id where c.status = 'open' group by a.case_id
      having bool_and(a.status in ('active', 'promised')) and min(a.due_date) < '2026-02-01'::date limit 1`;
    await t.sql`update accounts set status = 'paid', close_code = 'paid_in_full', balance_minor = 0, closed_at = '2026-03-03T12:00:00Z' where case_id = ${c.case_id}`;
    const r = await foldBucketDays({ db: t.db, now: new Date("2026-03-04T00:00:01Z") });
    expect(r).toEqual({ days: 1, throughDay: "2026-03-03", busy: false });
    expect(Object.fromEntries(keyed(await rolledBuckets(t.sql), ["cases"]))).toEqual(Object.fromEntries(keyed(await directBuckets(t.sql, "2026-03-03"), ["cases"])));
    const [move] = await t.sql`select day::text, from_state, to_state from case_bucket_moves where case_id = ${c.case_id} order by day desc limit 1`;
    expect(move).toMatchObject({ day: "2026-03-03", to_state: "paid" });
    expect(move!.from_state).not.toBe("pre_due");
  });
});
