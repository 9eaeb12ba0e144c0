import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import { planCasesSet, planOpenCases, planOutreach, systemActor } from "../../src";
import { testContext } from "../../src/testing";

// The set-wise planner (issue 15) must plan exactly what the per-case planner plans. A seeded book
// (US and CN debtors, every stage, holds, disputes, plans, emergency contacts, closed cases), some cases
// with no strategy or stage yet, some set back a stage, some with calls paused, first planned by the
// per-case planner three weeks earlier (so that planning now moves stages and cancels steps); from
// that one state both planners plan "now", and the steps, the cases and the audit trail must match.
let t: TestDatabase;
const NOW = new Date("2026-03-03T17:00:00Z");
const EARLIER = new Date("2026-02-10T15:00:00Z");
const actor = systemActor("planner");

const stepsSql = () => t.sql<Array<Record<string, unknown>>>`
  select case_id::text, person_id::text, party_person_id::text, party_role::text, (select array_agg(x order by x) from unnest(account_ids) x)::text as accounts,
    strategy_id::text, strategy_step_id::text, occurrence, kind, channel::text, template_code, purpose::text, autodialed, due_at, state::text, reason::text, finished_at
  from outreach_steps order by case_id, kind, strategy_step_id nulls first, occurrence, party_person_id, state`;
const casesSql = () => t.sql`select id::text, stage::text, stage_entered_at, strategy_id::text, queue::text from cases order by id`;
const auditsSql = (after: number) => t.sql<Array<{ action: string; entity_id: string; details: unknown }>>`
  select action, entity_id, details from audit_events where id > ${after} and action in ('case.stage', 'outreach.plan') order by action, entity_id`;
const lastAudit = async () => Number((await t.sql<[{ n: string }]>`select coalesce(max(id), 0)::text as n from audit_events`)[0].n);

let openIds: string[] = [];
let allIds: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo({ url: t.ownerUrl, accounts: 300, seed: 7, now: NOW, copyLanes: 2 });
  // Variety beyond the seed: new cases (no strategy, no stage), cases a stage behind, calls paused.
  await t.ownerSql`update cases set strategy_id = null, stage = null, stage_entered_at = null where status = 'open' and abs(hashtext(id::text)) % 7 = 0`;
  await t.ownerSql`update cases set stage = 'first_reminder' where status = 'open' and stage in ('follow_up', 'legal') and abs(hashtext(id::text)) % 5 = 1`;
  await t.ownerSql`update cases set paused_until = ${new Date(NOW.getTime() + 2 * 86_400_000).toISOString()}::timestamptz where status = 'open' and abs(hashtext(id::text)) % 6 = 2`;
  allIds = (await t.sql<Array<{ id: string }>>`select id from cases order by id`).map((r) => r.id);
  openIds = (await t.sql<Array<{ id: string }>>`select id from cases where status = 'open' order by id`).map((r) => r.id);
  const earlier = testContext(t.db, actor, EARLIER);
  for (const id of openIds) await planOutreach(earlier, { caseId: id });
  await t.ownerSql`create table snap_steps as select * from outreach_steps`;
  await t.ownerSql`create table snap_cases as select id, stage, stage_entered_at, strategy_id, queue from cases`;
}, 300_000);
afterAll(async () => t?.drop());

async function restore() {
  await t.ownerSql`delete from outreach_steps`;
  await t.ownerSql`insert into outreach_steps select * from snap_steps`;
  await t.ownerSql`update cases c set stage = s.stage, stage_entered_at = s.stage_entered_at, strategy_id = s.strategy_id, queue = s.queue from snap_cases s where s.id = c.id`;
}

describe("planCasesSet", () => {
  it("plans a mixed book exactly as the per-case planner does: the same steps, stage moves, cancellations and audit events", async () => {
    const [before] = await t.sql<[{ steps: number }]>`select (select count(*) from outreach_steps)::int as steps`;
    expect(before.steps).toBeGreaterThan(100);

    const markA = await lastAudit();
    const ctx = testContext(t.db, actor, NOW);
    let perCase = 0;
    for (const id of openIds) perCase += (await planOutreach(ctx, { caseId: id })).planned;
    const a = { steps: await stepsSql(), cases: await casesSql(), audits: await auditsSql(markA) };

    await restore();
    expect((await stepsSql()).length).toBe(before.steps);
    const markB = await lastAudit();
    let setWise = 0;
    // Chunks of 37 cases, closed ones among them (skipped as the per-case planner skips them).
    for (let i = 0; i < allIds.length; i += 37) setWise += (await planCasesSet(ctx, allIds.slice(i, i + 37))).planned;
    const b = { steps: await stepsSql(), cases: await casesSql(), audits: await auditsSql(markB) };

    expect(setWise).toBe(perCase);
    expect(perCase).toBeGreaterThan(50);
    expect(b.steps.length).toBe(a.steps.length);
    expect(b.steps).toEqual(a.steps);
    expect(b.cases).toEqual(a.cases);
    expect(b.audits).toEqual(a.audits);
    // The book exercised what it should: stage moves with cancellations, strategies assigned, several
    // stages and both rule sets planned, calls held to a pause, emergency contacts, plan reminders.
    const moves = a.audits.filter((e) => e.action === "case.stage");
    expect(moves.length).toBeGreaterThan(5);
    expect(moves.some((e) => (e.details as { cancelledSteps: number }).cancelledSteps > 0)).toBe(true);
    const [mix] = await t.sql<[{ stages: number; rule_sets: number; cancelled: number; third: number; reminders: number }]>`select
      (select count(distinct ss.stage_id) from outreach_steps os join strategy_steps ss on ss.id = os.strategy_step_id where os.state = 'planned')::int as stages,
      (select count(distinct st.rule_set) from outreach_steps os join strategies st on st.id = os.strategy_id)::int as rule_sets,
      (select count(*) from outreach_steps where reason = 'stage_changed')::int as cancelled,
      (select count(*) from outreach_steps where party_role <> 'consumer')::int as third,
      (select count(*) from outreach_steps where kind = 'installment_reminder')::int as reminders`;
    expect(mix.stages).toBeGreaterThan(2);
    expect(mix.rule_sets).toBe(2);
    expect(mix.cancelled).toBeGreaterThan(0);
    expect(mix.third + mix.reminders).toBeGreaterThan(0);
  }, 300_000);

  it("is idempotent: planning the same cases again plans nothing and changes nothing", async () => {
    const ctx = testContext(t.db, actor, NOW);
    const steps = await stepsSql();
    const cases = await casesSql();
    const mark = await lastAudit();
    const again = await planCasesSet(ctx, allIds);
    expect(again).toEqual({ cases: allIds.length, planned: 0, moved: 0 });
    expect(await stepsSql()).toEqual(steps);
    expect(await casesSql()).toEqual(cases);
    expect(await auditsSql(mark)).toEqual([]);
  }, 120_000);

  it("is what the planner job's walk uses: a page of open cases planned set-wise, nothing twice", async () => {
    await restore();
    const ctx = testContext(t.db, actor, NOW);
    let planned = 0;
    let after: string | undefined;
    for (;;) {
      const page = await planOpenCases(ctx, { limit: 50, ...(after ? { after } : {}) });
      planned += page.planned;
      if (!page.next) break;
      after = page.next;
    }
    expect(planned).toBeGreaterThan(50);
    const [dups] = await t.sql<[{ n: number }]>`select count(*)::int as n from (
      select case_id, kind, strategy_step_id, occurrence, party_person_id from outreach_steps group by 1, 2, 3, 4, 5 having count(*) > 1) d`;
    expect(dups.n).toBe(0);
    expect((await planOpenCases(ctx, { limit: 5_000 })).planned).toBe(0);
  }, 120_000);

  it("pages planned side by side, as the worker's walk runs them (each page hands on the next before planning), plan what one after the other plans", async () => {
    const ctx = testContext(t.db, actor, NOW);
    const walk = async (sideBySide: boolean) => {
      await restore();
      const pages: Array<Promise<number>> = [];
      const page = (after?: string): Promise<number> =>
        planOpenCases(ctx, { limit: 23, ...(after ? { after } : {}) }, sideBySide ? async (next) => void pages.push(page(next)) : undefined).then(async (r) => r.planned + (!sideBySide && r.next ? await page(r.next) : 0));
      pages.push(page());
      let planned = 0;
      for (let i = 0; i < pages.length; i++) planned += await pages[i]!;
      return { planned, steps: await stepsSql(), cases: await casesSql() };
    };
    const oneByOne = await walk(false);
    const sideBySide = await walk(true);
    expect(oneByOne.planned).toBeGreaterThan(50);
    expect(sideBySide).toEqual(oneByOne);
  }, 120_000);
});
