import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import { foldBucketDays, foldRollups, ForbiddenError, getPortfolio, getRollRates, listPortfolioCases, type Actor, type DomainContext } from "../../src";
import { testContext } from "../../src/testing";

// The supervisor's figures over a seeded portfolio, checked against SQL written here from the
// definitions (not the rollup), and the drill-down's cases adding up to the figure they came from.
let t: TestDatabase;
const NOW = new Date("2026-03-03T17:00:00Z");
let supervisor: Actor;
let agent: Actor;
const ctx = (actor: Actor): DomainContext => testContext(t.db, actor, NOW);

beforeAll(async () => {
  t = await createTestDatabase();
  // The seed migrates and drops/recreates indexes: the owner's work, not the runtime role's.
  await seedDemo({ url: t.ownerUrl, accounts: 300, now: NOW, copyLanes: 2 });
  await foldRollups({ db: t.db });
  await foldBucketDays({ db: t.db, now: NOW }, { maxDays: 1_000 });
  const [s] = await t.sql<[{ id: string; team_id: string }]>`select id, team_id from users where role = 'supervisor' limit 1`;
  const [a] = await t.sql<[{ id: string; team_id: string }]>`select id, team_id from users where role = 'agent' limit 1`;
  supervisor = { kind: "user", userId: s.id, role: "supervisor", teamId: s.team_id, label: "supervisor@test" };
  agent = { kind: "user", userId: a.id, role: "agent", teamId: a.team_id, label: "agent@test" };
}, 180_000);
afterAll(async () => t?.drop());

describe("getPortfolio", () => {
  it("equals a direct SQL computation of each figure over a 60-day slice of one client", async () => {
    const [client] = await t.sql<[{ id: string; currency: string }]>`select id, currency from clients where code = 'LIBERTY-CARD'`;
    const from = "2026-01-03", to = "2026-03-03";
    const p = await getPortfolio(ctx(supervisor), { from, to, clientId: client.id });
    const [d] = await t.sql<[{ attempts: number; contacts: number; rpcs: number; made: number; kept: number; broken: number; collected: string; placed: string }]>`
      with a as (select a.* from contact_attempts a join cases c on c.id = a.case_id
                 where c.client_id = ${client.id} and a.direction = 'outbound' and a.started_at >= ${from}::date and a.started_at < ${to}::date + 1)
      select
        (select count(*) from a)::int as attempts,
        (select count(*) from a where exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome in ('conversation','wrong_party','refused')))::int as contacts,
        (select count(*) from a where a.party_role = 'consumer' and exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome = 'conversation'))::int as rpcs,
        (select count(*) from promises p join cases c on c.id = p.case_id where c.client_id = ${client.id} and p.created_at >= ${from}::date and p.created_at < ${to}::date + 1)::int as made,
        (select count(*) from promises p join cases c on c.id = p.case_id where c.client_id = ${client.id} and p.status = 'kept' and p.due_date between ${from}::date and ${to}::date)::int as kept,
        (select count(*) from promises p join cases c on c.id = p.case_id where c.client_id = ${client.id} and p.status = 'broken' and p.due_date between ${from}::date and ${to}::date)::int as broken,
        (select coalesce(sum(amount_minor), 0) from payments p join cases c on c.id = p.case_id where c.client_id = ${client.id} and p.status = 'posted' and p.received_at >= ${from}::date and p.received_at < ${to}::date + 1)::bigint as collected,
        (select coalesce(sum(placed_balance_minor), 0) from accounts ac join placements pl on pl.id = ac.placement_id where ac.client_id = ${client.id} and pl.received_at < ${to}::date + 1)::bigint as placed`;
    expect(d.attempts).toBeGreaterThan(0);
    expect(p.totals.attempts).toBe(d.attempts);
    expect(p.totals.contacts).toBe(d.contacts);
    expect(p.totals.rpcs).toBe(d.rpcs);
    expect(p.totals.promisesMade).toBe(d.made);
    expect(p.totals.promisesKept).toBe(d.kept);
    expect(p.totals.promisesBroken).toBe(d.broken);
    expect(p.totals.contactRate).toBeCloseTo(d.contacts / d.attempts, 12);
    expect(p.totals.money).toEqual([{ currency: client.currency, collectedMinor: Number(d.collected), placedMinor: Number(d.placed), liquidationRate: Number(d.collected) / Number(d.placed) }]);
    // The trend adds up to the figure.
    expect(p.series.reduce((s, x) => s + x.attempts, 0)).toBe(d.attempts);
    const weekly = await getPortfolio(ctx(supervisor), { from, to, clientId: client.id, grain: "week" });
    expect(weekly.series.length).toBeLessThan(p.series.length);
    expect(weekly.series.reduce((s, x) => s + x.contacts, 0)).toBe(d.contacts);
  });

  it("refuses an agent", async () => {
    await expect(getPortfolio(ctx(agent), {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listPortfolioCases(ctx(agent), { metric: "contacts" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("listPortfolioCases", () => {
  it("drills from a figure to the cases behind it, and audits the view", async () => {
    const slice = { from: "2026-01-03", to: "2026-03-03", bucket: "90_179" as const };
    const p = await getPortfolio(ctx(supervisor), slice);
    for (const metric of ["attempts", "contacts", "rpcs"] as const) {
      const drill = await listPortfolioCases(ctx(supervisor), { ...slice, metric, limit: 1000 });
      expect(drill.totalEvents).toBe(p.totals[metric]);
      expect(drill.rows.reduce((s, r) => s + r.events, 0)).toBe(drill.totalEvents);
    }
    const paid = await listPortfolioCases(ctx(supervisor), { ...slice, metric: "collected" });
    expect(paid.totalAmountMinor).toBe(p.totals.money.reduce((s, m) => s + m.collectedMinor, 0));
    const [audit] = await t.sql<[{ n: number; ids: number }]>`
      select count(*)::int as n, max(jsonb_array_length(details->'caseIds'))::int as ids from audit_events where action = 'portfolio.drill' and actor_user_id = ${supervisor.kind === "user" ? supervisor.userId : ""}`;
    expect(audit.n).toBe(4);
    expect(audit.ids).toBeGreaterThan(0);
  });
});

describe("getRollRates", () => {
  const slice = { from: "2026-01-03", to: "2026-03-02" };

  it("equals roll and cure rates computed here from the per-case moves, and drills to the same cases", async () => {
    const r = await getRollRates(ctx(supervisor), slice);
    // Independent: the cases in 30-59 at the start of the range (moves from it on its first day, stays
    // included via the rollup's stock) are taken from a brute-force state of every case on 2026-01-02.
    const [d] = await t.sql<[{ start: number; entered: number; rolled: number; cured: number }]>`
      with acc as (
        select a.case_id, a.due_date, (pl.received_at at time zone 'UTC')::date as placed,
          case when a.status in ('paid','settled','recalled','closed') then coalesce((a.closed_at at time zone 'UTC')::date, (pl.received_at at time zone 'UTC')::date) end as closed
        from accounts a join placements pl on pl.id = a.placement_id),
      start as (select case_id, min(due_date) as due from acc where placed <= '2026-01-02' and (closed is null or closed > '2026-01-02') group by case_id)
      select (select count(*) from start where '2026-01-02'::date - due between 30 and 59)::int as start,
        (select count(*) from case_bucket_moves where day between ${slice.from} and ${slice.to} and to_state = '30_59')::int as entered,
        (select count(*) from case_bucket_moves where day between ${slice.from} and ${slice.to} and from_state = '30_59' and to_state in ('60_89','90_179','180_plus'))::int as rolled,
        (select count(*) from case_bucket_moves where day between ${slice.from} and ${slice.to} and from_state = '30_59' and to_state in ('paid','pre_due'))::int as cured`;
    const b = r.totals.buckets.find((x) => x.bucket === "30_59")!;
    expect(d.rolled).toBeGreaterThan(0);
    expect(b).toEqual({ bucket: "30_59", inBucket: d.start + d.entered, rolled: d.rolled, cured: d.cured,
      rollRate: d.rolled / (d.start + d.entered), cureRate: d.cured / (d.start + d.entered) });
    expect(r.throughDay).toBe("2026-03-02");
    // The trend's moves add up to the range's; each period starts from its own stock.
    expect(r.series.reduce((s, p) => s + p.buckets.find((x) => x.bucket === "30_59")!.rolled, 0)).toBe(d.rolled);
    // Drill-down: the cases that rolled out of 30-59, and the cured ones.
    const drill = await listPortfolioCases(ctx(supervisor), { ...slice, bucket: "30_59", metric: "rolled", limit: 1000 });
    expect(drill.totalEvents).toBe(d.rolled);
    const cured = await listPortfolioCases(ctx(supervisor), { ...slice, metric: "cured", limit: 1000 });
    expect(cured.totalEvents).toBe(r.totals.cured);
    expect(r.totals.cured).toBeGreaterThan(0);
  });

  it("keeps one bucket when filtered by it, and refuses an agent", async () => {
    const r = await getRollRates(ctx(supervisor), { ...slice, bucket: "60_89" });
    expect(r.totals.buckets.map((b) => b.bucket)).toEqual(["60_89"]);
    expect(r.totals.delinquent).toBe(r.totals.buckets[0]!.inBucket);
    await expect(getRollRates(ctx(agent), slice)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
