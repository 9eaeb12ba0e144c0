import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../src/password";
import { DatabaseNotEmptyError, seedDemo, type SeedReport } from "../src/seed";
import { createTestDatabase, type TestDatabase } from "../src/testing";

const now = new Date("2026-11-23T15:00:00Z");
const ACCOUNTS = 600;

describe("demo seed", () => {
  let t: TestDatabase;
  let twin: TestDatabase;
  let report: SeedReport;
  beforeAll(async () => {
    [t, twin] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    report = await seedDemo({ url: t.ownerUrl, accounts: ACCOUNTS, seed: 7, now });
  });
  afterAll(async () => {
    await t?.drop();
    await twin?.drop();
  });

  it("writes exactly the accounts asked for, and the keys, indexes and foreign keys of the migrations", async () => {
    const [{ n }] = (await t.sql`select count(*)::int as n from accounts`) as unknown as [{ n: number }];
    expect(n).toBe(ACCOUNTS);
    expect(report.rows.accounts).toBe(ACCOUNTS);
    const fks = await t.sql`select count(*)::int as n from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace and convalidated`;
    const fresh = await twin.sql`select count(*)::int as n from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`;
    expect(fks[0]!.n).toBe(fresh[0]!.n);
    const idx = await t.sql`select count(*)::int as n from pg_indexes where schemaname = 'public'`;
    const freshIdx = await twin.sql`select count(*)::int as n from pg_indexes where schemaname = 'public'`;
    expect(idx[0]!.n).toBe(freshIdx[0]!.n);
  });

  it("covers every DPD bucket, including pre-due, and some time-barred debt", async () => {
    const rows = await t.sql<{ bucket: string }[]>`
      select distinct case when d <= 0 then 'pre-due' when d < 30 then '1-29' when d < 60 then '30-59' when d < 90 then '60-89'
        when d < 180 then '90-179' else '180+' end as bucket
      from (select ${"2026-11-23"}::date - due_date as d from accounts) x`;
    expect(rows.map((r) => r.bucket).sort()).toEqual(["1-29", "180+", "30-59", "60-89", "90-179", "pre-due"]);
    const [barred] = await t.sql`select count(*)::int as n from accounts where sol_date < ${"2026-11-23"}::date`;
    expect(barred!.n).toBeGreaterThan(0);
  });

  it("gives every case an owner from its own team, US cases to Team East and Chinese ones to Team Shanghai", async () => {
    const bad = await t.sql`
      select c.id from cases c left join users u on u.id = c.owner_user_id join teams tm on tm.id = c.team_id join clients cl on cl.id = c.client_id
      where u.id is null or u.team_id <> c.team_id or (cl.country = 'CN') <> (tm.name = 'Team Shanghai')`;
    expect(bad).toHaveLength(0);
  });

  it("mixes US and Chinese debtors, many zones, Massachusetts, +86 mobiles and work phones", async () => {
    const [mix] = await t.sql`
      select count(*) filter (where country = 'CN')::float / count(*) as cn,
             count(*) filter (where region = 'MA' and country = 'US')::float / nullif(count(*) filter (where country = 'US'), 0) as ma,
             count(distinct z) as zones
      from persons p left join lateral unnest(p.time_zones) z on true
      where exists (select 1 from cases c where c.person_id = p.id)`;
    expect(mix!.cn).toBeGreaterThan(0.15);
    expect(mix!.cn).toBeLessThan(0.45);
    expect(mix!.ma).toBeGreaterThan(0.04);
    expect(Number(mix!.zones)).toBeGreaterThanOrEqual(6);
    const [phones] = await t.sql`
      select count(*) filter (where value like '+861%')::int as cn_mobiles, count(*) filter (where is_workplace and phone_type = 'work')::int as work,
             count(*) filter (where value !~ '^\\+[1-9][0-9]{7,14}$')::int as not_e164
      from contact_points where kind = 'phone'`;
    expect(phones!.cn_mobiles).toBeGreaterThan(0);
    expect(phones!.work).toBeGreaterThan(0);
    expect(phones!.not_e164).toBe(0);
  });

  it("places every attempt between 08:00 and 21:00 in every candidate zone of the party contacted", async () => {
    const bad = await t.sql`
      select a.id, z, a.started_at from contact_attempts a join persons p on p.id = a.party_person_id, unnest(p.time_zones) z
      where a.direction = 'outbound' and ((a.started_at at time zone z)::time < '08:00' or (a.started_at at time zone z)::time > '21:00')`;
    expect(bad).toHaveLength(0);
    const [range] = await t.sql`select extract(epoch from min(started_at))::float * 1000 as first, extract(epoch from max(started_at))::float * 1000 as last from contact_attempts`;
    expect(range!.first).toBeGreaterThanOrEqual(now.getTime() - 61 * 86_400_000);
    expect(range!.last).toBeLessThanOrEqual(now.getTime());
  });

  it("gives every attempt a unique Crockford reference code, and outbound ones a dispatch id and a decision", async () => {
    const [r] = await t.sql`
      select count(*)::int as n, count(distinct reference_code)::int as codes,
             count(*) filter (where reference_code !~ '^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$')::int as malformed,
             count(*) filter (where direction = 'outbound' and (dispatch_id is null or decision_id is null))::int as missing
      from contact_attempts`;
    expect(r!.n).toBeGreaterThan(ACCOUNTS);
    expect(r!.codes).toBe(r!.n);
    expect(r!.malformed).toBe(0);
    expect(r!.missing).toBe(0);
    const orphans = await t.sql`select a.id from contact_attempts a left join compliance_decisions d on d.id = a.decision_id where a.decision_id is not null and d.id is null`;
    expect(orphans).toHaveLength(0);
  });

  it("keeps balances consistent with the payments that were not reversed", async () => {
    const bad = await t.sql`
      select a.id from accounts a
      left join (select pa.account_id, sum(pa.amount_minor) as paid from payment_allocations pa join payments p on p.id = pa.payment_id
                 where p.status = 'posted' group by 1) s on s.account_id = a.id
      where a.close_code is distinct from 'settled' and a.balance_minor <> a.placed_balance_minor - coalesce(s.paid, 0)`;
    expect(bad).toHaveLength(0);
  });

  it("tells the stories the console needs: promises, plans, payments, reversals, disputes, holds, priorities", async () => {
    const [r] = await t.sql`select
      (select count(distinct status)::int from promises) as promise_statuses,
      (select count(*)::int from plan_installments) as installments,
      (select count(*)::int from payments where status = 'reversed') as reversed,
      (select count(*)::int from disputes) as disputes,
      (select count(*)::int from holds) as holds,
      (select count(*)::int from related_parties where relationship = 'emergency_contact') as emergency,
      (select count(distinct priority_reason)::int from cases) as reasons`;
    expect(r!.promise_statuses).toBeGreaterThanOrEqual(2);
    expect(r!.installments).toBeGreaterThan(0);
    expect(r!.reversed).toBeGreaterThan(0);
    expect(r!.disputes).toBeGreaterThan(0);
    expect(r!.holds).toBeGreaterThan(0);
    expect(r!.emergency).toBeGreaterThan(0);
    expect(r!.reasons).toBeGreaterThanOrEqual(4);
  });

  it("signs the demo users in with the shared password", async () => {
    const rows = await t.sql<{ email: string; role: string; password_hash: string }[]>`select email, role, password_hash from users order by email`;
    expect(rows.map((u) => u.role).sort()).toEqual(["admin", "agent", "agent", "agent", "compliance", "supervisor"]);
    expect(await verifyPassword("casebook-demo", rows.find((u) => u.email === "agent1@casebook.test")!.password_hash)).toBe(true);
  });

  it("refuses to seed a database that already holds data", async () => {
    await expect(seedDemo({ url: t.ownerUrl, accounts: 10, seed: 7, now })).rejects.toBeInstanceOf(DatabaseNotEmptyError);
  });

  it("is deterministic: the same seed and clock give the same book", async () => {
    await seedDemo({ url: twin.ownerUrl, accounts: ACCOUNTS, seed: 7, now });
    const fingerprint = (db: TestDatabase) => db.sql`select
      (select md5(string_agg(id::text || full_name || array_to_string(time_zones, ','), ',' order by id)) from persons) as persons,
      (select md5(string_agg(id::text || balance_minor || due_date, ',' order by id)) from accounts) as accounts,
      (select md5(string_agg(reference_code || started_at::text, ',' order by reference_code)) from contact_attempts) as attempts`;
    const [a] = await fingerprint(t);
    const [b] = await fingerprint(twin);
    expect(b).toEqual(a);
  });
});
