import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo, type SeedReport } from "../src/seed";
import { createTestDatabase, type TestDatabase } from "../src/testing";

// The large-scale mode (issue 13) at a small scale: the ledger extended set-wise to a target count of
// attempts, every copy linked (decision, outcomes) and validated by the keys the seed recreates, one
// person with 1,000 contacts more.
const now = new Date("2026-11-23T15:00:00Z");

describe("demo seed, large-scale mode", () => {
  let t: TestDatabase;
  let report: SeedReport;
  const target = 3_000;
  beforeAll(async () => {
    t = await createTestDatabase();
    report = await seedDemo({ url: t.ownerUrl, accounts: 300, seed: 3, now, attempts: target, busyPersonContacts: 1_000 });
  }, 240_000);
  afterAll(async () => {
    await t?.drop();
  });

  it("extends the ledger to about the attempts asked for, in rounds further back in time", async () => {
    const [{ n, oldest }] = (await t.sql`select count(*)::int as n, min(started_at) as oldest from contact_attempts`) as unknown as [{ n: number; oldest: Date }];
    expect(report.extended!.rounds).toBeGreaterThan(0);
    expect(n).toBe(report.rows.contact_attempts);
    // At least the target, and over it by less than a few cases' worth (the last round is a hash share of the cases).
    expect(n).toBeGreaterThanOrEqual(target * 0.95);
    expect(n).toBeLessThan(target * 1.1);
    expect(new Date(oldest).getTime()).toBeLessThan(now.getTime() - 120 * 86_400_000);
  });

  it("keeps every copy linked: each decision id an attempt names exists, each outcome's attempt exists, codes unique", async () => {
    const [orphans] = await t.sql`select
      (select count(*) from contact_attempts a where a.decision_id is not null and not exists (select 1 from compliance_decisions d where d.id = a.decision_id))::int as decisions,
      (select count(*) from contact_attempts a where not exists (select 1 from contact_outcomes o where o.attempt_id = a.id) and a.direction = 'outbound')::int as bare,
      (select count(*) - count(distinct reference_code) from contact_attempts)::int as dup_codes`;
    expect(orphans).toEqual({ decisions: 0, bare: 0, dup_codes: 0 });
    // A copied message quotes its own reference code, not the original's.
    const [wrong] = await t.sql`select count(*)::int as n from contact_attempts where rendered_body is not null and rendered_body not like '%' || reference_code || '%'`;
    expect(wrong!.n).toBe(0);
  });

  it("gives one person 1,000 contacts more, each with its decision and outcome", async () => {
    const busy = report.extended!.busyPerson!;
    expect(busy.attempts).toBeGreaterThanOrEqual(1_000);
    const [row] = await t.sql`select count(*)::int as n, count(distinct reference_code)::int as codes, count(distinct (started_at at time zone 'UTC')::date)::int as days
      from contact_attempts where person_id = ${busy.personId} and reference_code like 'EVI%'`;
    expect(row).toEqual({ n: 1_000, codes: 1_000, days: 1_000 });
  });
});
