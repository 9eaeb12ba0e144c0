import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { migrationsFolder } from "@casebook/db/migrate";
import { seedDemo } from "@casebook/db/seed";
import { DRILL_METRICS, foldBucketDays, foldRollups, listPortfolioCases, rebuildRollups, type Actor } from "../../src";
import { testContext } from "../../src/testing";
import { directCaseDaily, directDrill, figureOf, keyed, rolledCaseDaily, type DrillSlice } from "./direct-sql";

// The drill-down's per-case rollup (rollup_case_daily, issue 13): whichever way it is kept (the rebuild,
// the batch fold, the migration's backfill of a database that already had data), it must equal a direct
// SQL computation over the seeded portfolio for every drill metric; and listPortfolioCases, which reads
// it, must list exactly the cases, events and amounts the ledger gives for every metric and slice.
let t: TestDatabase;
const NOW = new Date("2026-03-03T17:00:00Z");
let supervisor: Actor;

type Sql = TestDatabase["sql"];
const MEASURES = ["events", "amount"];
const rolled = async (sql: Sql) => Object.fromEntries(keyed(await rolledCaseDaily(sql), MEASURES));
const direct = async (sql: Sql) => Object.fromEntries(keyed(await directCaseDaily(sql), MEASURES));

/** The inbox as the seed and the triggers queue it (seed/rollup-triggers.ts), the rollups emptied. */
async function requeueAll(sql: Sql) {
  await sql`delete from rollup_inbox`;
  await sql`delete from rollup_portfolio_daily`;
  await sql`delete from rollup_case_daily`;
  await sql`insert into rollup_inbox (source, ref_id) select 'attempt', id from contact_attempts`;
  await sql`insert into rollup_inbox (source, ref_id) select 'outcome', id from contact_outcomes where outcome in ('conversation', 'wrong_party', 'refused')`;
  await sql`insert into rollup_inbox (source, ref_id) select 'promise_made', id from promises`;
  await sql`insert into rollup_inbox (source, ref_id) select 'promise_' || status::text, id from promises where status in ('kept', 'broken')`;
  await sql`insert into rollup_inbox (source, ref_id, delta) select 'payment', id, amount_minor from payments where status = 'posted'`;
}

/** Later facts, through the triggers: a reversal, promises changing status, reaches of reached and
 *  unreached attempts (one an inbound attempt's, which counts nowhere), a new attempt. */
async function moreFacts(sql: Sql, referenceCode: string) {
  await sql`update payments set status = 'reversed' where id in (select id from payments where status = 'posted' order by id limit 3)`;
  await sql`update promises set status = 'broken' where id in (select id from promises where status = 'kept' order by id limit 2)`;
  await sql`update promises set status = 'kept' where id in (select id from promises where status = 'pending' order by id limit 2)`;
  await sql`insert into contact_outcomes (attempt_id, outcome, source, at)
    select a.id, 'conversation', 'agent', now() from contact_attempts a
    where not exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome in ('conversation', 'wrong_party', 'refused'))
    order by a.direction, a.id limit 4`;
  await sql`insert into contact_outcomes (attempt_id, outcome, source, at)
    select o.attempt_id, 'refused', 'agent', now() from contact_outcomes o where o.outcome = 'conversation' order by o.id limit 2`;
  await sql`insert into contact_attempts (reference_code, case_id, person_id, party_person_id, party_role, channel, direction, purpose, account_ids, started_at)
    select ${referenceCode}, a.case_id, a.person_id, a.person_id, 'consumer', 'call', 'outbound', 'collection', a.account_ids, now() from contact_attempts a order by a.id limit 1`;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo({ url: t.ownerUrl, accounts: 400, now: NOW, copyLanes: 2, attempts: 3_000 });
  await rebuildRollups({ db: t.db });
  await foldBucketDays({ db: t.db, now: NOW }, { maxDays: 1_000 });
  const [s] = await t.sql<[{ id: string; team_id: string }]>`select id, team_id from users where role = 'supervisor' limit 1`;
  supervisor = { kind: "user", userId: s.id, role: "supervisor", teamId: s.team_id, label: "supervisor@test" };
}, 240_000);
afterAll(async () => t?.drop());

describe("rollup_case_daily", () => {
  it("is written by rebuildRollups equal to a direct SQL computation of every drill metric", async () => {
    const rows = await direct(t.sql);
    const metrics = new Set(Object.keys(rows).map((k) => k.split("|")[0]));
    // The seeded book has every metric, so none is trivially equal.
    expect([...metrics].sort()).toEqual(["attempts", "collected", "contacts", "promisesBroken", "promisesKept", "promisesMade", "rpcs"]);
    expect(await rolled(t.sql)).toEqual(rows);
  });

  it("is kept by the batch fold, as new facts arrive and old ones change", async () => {
    await requeueAll(t.sql);
    await foldRollups({ db: t.db }, { batchSize: 997 });
    expect(await rolled(t.sql)).toEqual(await direct(t.sql));
    await moreFacts(t.sql, "CASEROLL1");
    const r = await foldRollups({ db: t.db });
    expect(r.folded).toBeGreaterThan(0);
    expect(await rolled(t.sql)).toEqual(await direct(t.sql));
  });

  it("is backfilled by its migration with what the fold had already counted, the fold adding the rest", async () => {
    const migration = readFileSync(join(migrationsFolder, "0024_rollup_case_daily.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").map((s) => s.trim()).find((s) => s.startsWith(`INSERT INTO "rollup_case_daily"`));
    expect(backfill).toBeDefined();
    // A database part-folded when the migration runs: some of every source still queued.
    await requeueAll(t.sql);
    await foldRollups({ db: t.db }, { batchSize: 1_500, maxBatches: 2 });
    await moreFacts(t.sql, "CASEROLL2");
    const [left] = await t.sql<[{ sources: string[] }]>`select array_agg(distinct source order by source) as sources from rollup_inbox`;
    expect(left.sources).toEqual(expect.arrayContaining(["attempt", "outcome", "payment", "promise_broken", "promise_kept", "promise_made"]));
    await t.sql`delete from rollup_case_daily`;
    await t.sql.unsafe(backfill!);
    await foldRollups({ db: t.db });
    expect(await rolled(t.sql)).toEqual(await direct(t.sql));
  });
});

describe("listPortfolioCases over the rollup", () => {
  it("lists for every metric and slice exactly the cases, events and amounts of the ledger", async () => {
    await rebuildRollups({ db: t.db });
    const [c] = await t.sql<[{ client_id: string; team_id: string; strategy_id: string }]>`
      select client_id, team_id, strategy_id from cases where strategy_id is not null order by id limit 1`;
    // A case moved to another team after its events: the drill-down slices by the case's team now.
    await t.sql`update cases set team_id = ${c.team_id} where id = (select id from cases where team_id <> ${c.team_id} order by id limit 1)`;
    const year = { from: "2025-03-04", to: "2026-03-03" };
    const slices: DrillSlice[] = [
      { from: "2026-02-02", to: "2026-03-03" },
      year,
      { ...year, clientId: c.client_id },
      { ...year, teamId: c.team_id },
      { ...year, strategyId: c.strategy_id },
      { ...year, strategyId: "none" },
      { ...year, bucket: "1_29" },
      { ...year, bucket: "90_179", clientId: c.client_id },
    ];
    const ctx = testContext(t.db, supervisor, NOW);
    let nonEmpty = 0;
    let atLeast = 0;
    let lastDayOnly = 0;
    for (const metric of DRILL_METRICS) {
      for (const slice of slices) {
        const want = await directDrill(t.sql, metric, slice);
        const got = await listPortfolioCases(ctx, { ...slice, metric, limit: 1_000 });
        const label = `${metric} ${JSON.stringify(slice)}`;
        expect(got.rows.map((r) => ({ case_id: r.caseId, last_day: r.lastDay, events: r.events, amount: r.amountMinor })), label).toEqual(want);
        // The total is the figure the page shows (its rollup, dimensions as at the event): over the
        // ledger's cases except where a case moved team since (the team slice's one moved case).
        const figure = await figureOf(t.sql, metric, slice);
        const listed = { events: want.reduce((s, r) => s + r.events, 0), amount: want.reduce((s, r) => s + r.amount, 0) };
        if (!slice.teamId) expect(figure.events, label).toBe(listed.events);
        if (!slice.teamId && figure.amount !== null) expect(figure.amount, label).toBe(listed.amount);
        const totals = { events: figure.events, amount: figure.amount };
        expect({ cases: got.totalCases, atLeast: got.casesAtLeast, events: got.totalEvents, amount: got.totalAmountMinor }, label).toEqual({
          cases: want.length, atLeast: false, ...totals,
        });
        // A short page: the range's most recent cases (found from a window at the end of the range), the
        // count a lower bound once the window holds enough, the totals still over the whole range.
        const top = await listPortfolioCases(ctx, { ...slice, metric, limit: 5, countUpTo: 7 });
        expect(top.rows.map((r) => ({ case_id: r.caseId, events: r.events })), label).toEqual(want.slice(0, 5).map((r) => ({ case_id: r.case_id, events: r.events })));
        expect({ events: top.totalEvents, amount: top.totalAmountMinor }, label).toEqual(totals);
        expect(top.totalCases, label).toBeLessThanOrEqual(want.length);
        // One case: found on the range's last day alone when that day has two or more (no grouping).
        const one = await listPortfolioCases(ctx, { ...slice, metric, limit: 1, countUpTo: 1 });
        expect(one.rows.map((r) => r.caseId), label).toEqual(want.slice(0, 1).map((r) => r.case_id));
        if (one.casesAtLeast) expect(one.totalCases, label).toBeGreaterThanOrEqual(1);
        else expect(one.totalCases, label).toBe(want.length);
        expect(one.totalCases, label).toBeLessThanOrEqual(want.length);
        if (want.filter((r) => r.last_day === slice.to).length >= 2) lastDayOnly++;
        if (top.casesAtLeast) {
          expect(top.totalCases, label).toBeGreaterThanOrEqual(7);
          atLeast++;
        } else expect(top.totalCases, label).toBe(want.length);
        if (want.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(DRILL_METRICS.length * 4);
    // The windowed path was taken, not only the whole-range one.
    expect(atLeast).toBeGreaterThan(DRILL_METRICS.length);
    expect(lastDayOnly).toBeGreaterThan(0);
  });
});
