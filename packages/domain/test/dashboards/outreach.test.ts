import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import { testContext } from "../../src/testing";
import { foldRollups, ForbiddenError, getOutreachFunnel, listDispatchLog, type Actor, type DomainContext } from "../../src";

// The Outreach page's verbs: the funnel (rollup_outreach_daily, folded) and the dispatch log (dispatch_log,
// kept by trigger) against SQL over the steps themselves, after the steps changed state, due day and
// decision, and one was deleted (queue health and the retry are tested in
// apps/worker/test/queue-health.test.ts, against a real BullMQ).
let t: TestDatabase;
const NOW = new Date("2026-03-03T17:00:00Z");
let supervisor: Actor;
let agent: Actor;
const ctx = (actor: Actor): DomainContext => testContext(t.db, actor, NOW);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo({ url: t.ownerUrl, accounts: 300, now: NOW, copyLanes: 2 });
  const [s] = await t.sql<[{ id: string; team_id: string }]>`select id, team_id from users where role = 'supervisor' limit 1`;
  const [a] = await t.sql<[{ id: string; team_id: string }]>`select id, team_id from users where role = 'agent' limit 1`;
  supervisor = { kind: "user", userId: s.id, role: "supervisor", teamId: s.team_id, label: "supervisor@test" };
  agent = { kind: "user", userId: a.id, role: "agent", teamId: a.team_id, label: "agent@test" };
  // Steps of a seeded strategy's first step in every fate, on cases in that strategy; the held-back ones
  // carry a seeded blocking decision.
  const [ss] = await t.sql<[{ id: string; strategy_id: string }]>`
    select ss.id, sg.strategy_id from strategy_steps ss join strategy_stages sg on sg.id = ss.stage_id order by sg.ordinal, ss.ordinal limit 1`;
  const [held] = await t.sql<[{ id: string }]>`select id from compliance_decisions where decision = 'block' limit 1`;
  const cs = await t.sql<Array<{ id: string; person_id: string; accounts: string[] }>>`
    select c.id, c.person_id, array_agg(a.id) as accounts from cases c join accounts a on a.case_id = c.id group by c.id limit 7`;
  const fates: Array<[string, string | null, boolean]> = [["planned", null, false], ["dispatched", null, false], ["delivered", null, false],
    ["blocked", "compliance_blocked", true], ["deferred", "compliance_deferred", true], ["failed", "retries_exhausted", false], ["cancelled", "paused_by_promise", false]];
  for (const [i, [state, reason, gated]] of fates.entries()) {
    const c = cs[i]!;
    await t.sql`insert into outreach_steps (case_id, person_id, party_person_id, account_ids, strategy_id, strategy_step_id, channel, template_code, purpose, due_at, state, reason, last_decision_id)
      values (${c.id}, ${c.person_id}, ${c.person_id}, ${c.accounts}, ${ss.strategy_id}, ${ss.id}, 'sms', 'reminder', 'collection', '2026-02-15T15:00:00Z',
        ${state}, ${reason}, ${gated ? held.id : null})`;
  }
  // The steps' lives after planning: each change must move the rollups exactly.
  const [pl] = await t.sql<[{ id: string }]>`select id from outreach_steps where state = 'planned' limit 1`;
  await t.sql`update outreach_steps set state = 'claimed', last_decision_id = ${held.id}, updated_at = now() where id = ${pl.id}`;
  await t.sql`update outreach_steps set state = 'dispatched', updated_at = now() + interval '1 second' where id = ${pl.id}`;
  await t.sql`update outreach_steps set state = 'delivered', updated_at = now() + interval '2 seconds' where id = ${pl.id}`;
  await t.sql`update outreach_steps set due_at = due_at + interval '3 days', deferrals = deferrals + 1, updated_at = now() where state = 'deferred'`;
  await t.sql`update outreach_steps set leased_until = now() where state = 'dispatched'`;
  await t.sql`delete from outreach_steps where state = 'cancelled'`;
  // A second occurrence of a step, outside the range.
  await t.sql`insert into outreach_steps (case_id, person_id, party_person_id, account_ids, strategy_id, strategy_step_id, occurrence, channel, template_code, purpose, due_at)
    select case_id, person_id, party_person_id, account_ids, strategy_id, strategy_step_id, 2, channel, template_code, purpose, '2025-06-01T15:00:00Z'
    from outreach_steps limit 1`;
  await foldRollups({ db: t.db });
}, 180_000);
afterAll(async () => t?.drop());

describe("getOutreachFunnel and listDispatchLog", () => {
  it("counts each stage's steps by fate (the folded rollup) and its open cases, equal to SQL over the steps, stage by stage", async () => {
    const f = await getOutreachFunnel(ctx(supervisor), { from: "2026-01-01", to: "2026-03-03" });
    const direct = await t.sql<Array<Record<string, number | string>>>`
      select ss.stage_id::text as stage_id,
        count(*) filter (where os.state = 'planned')::int as planned,
        count(*) filter (where os.state in ('dispatched', 'delivered'))::int as sent,
        count(*) filter (where os.state = 'deferred')::int as deferred,
        count(*) filter (where os.state = 'blocked')::int as blocked,
        count(*) filter (where os.state = 'failed' and os.reason is distinct from 'retries_exhausted')::int as failed,
        count(*) filter (where os.reason = 'retries_exhausted')::int as given_up,
        count(*) filter (where os.state = 'cancelled')::int as cancelled
      from outreach_steps os join strategy_steps ss on ss.id = os.strategy_step_id
      where os.due_at >= '2026-01-01' and os.due_at < '2026-03-04'
      group by 1`;
    expect(direct.length).toBeGreaterThan(0);
    const byStage = new Map(direct.map((d) => [d.stage_id, d]));
    for (const st of f.stages) {
      const d = byStage.get(st.stageId);
      expect([st.planned, st.sent, st.deferred, st.blocked, st.failed, st.givenUp, st.cancelled])
        .toEqual(d ? [d.planned, d.sent, d.deferred, d.blocked, d.failed, d.given_up, d.cancelled] : [0, 0, 0, 0, 0, 0, 0]);
    }
    expect(f.stages.reduce((s, x) => s + x.sent, 0)).toBeGreaterThan(0);
    const [cases] = await t.sql<[{ n: number }]>`select count(*)::int as n from cases where status = 'open' and strategy_id is not null and stage is not null`;
    expect(f.stages.reduce((s, x) => s + x.cases, 0)).toBe(cases.n);
  });

  it("the dispatch log (kept by trigger) equals SQL over the decided steps, newest change first", async () => {
    const log = await listDispatchLog(ctx(supervisor), { from: "2026-01-01", to: "2026-03-03", limit: 500 });
    const direct = await t.sql<Array<{ id: string; state: string; decision: string | null; rules: string[]; due_at: Date; updated_at: Date }>>`
      select os.id, os.state::text as state, cd.decision::text as decision, os.due_at, os.updated_at,
        coalesce((select array_agg(distinct r ->> 'rule') from jsonb_array_elements(cd.results) r where r ->> 'outcome' in ('block', 'defer')), '{}') as rules
      from outreach_steps os left join compliance_decisions cd on cd.id = os.last_decision_id
      where os.last_decision_id is not null and os.due_at >= '2026-01-01' and os.due_at < '2026-03-04'
      order by os.updated_at desc, os.id`;
    expect(direct.length).toBeGreaterThan(2);
    expect(log.rows.map((r) => [r.stepId, r.state, r.decision, r.rules, r.dueAt.getTime(), r.updatedAt.getTime()]))
      .toEqual(direct.map((d) => [d.id, d.state, d.decision, d.rules, new Date(d.due_at).getTime(), new Date(d.updated_at).getTime()]));
    expect(log.rows.find((r) => r.state === "delivered")).toBeDefined();
  });

  it("lists the steps the gate decided on, each with its decision and the rules that held it back", async () => {
    const log = await listDispatchLog(ctx(supervisor), { from: "2026-01-01", to: "2026-03-03", limit: 500 });
    expect(log.rows.length).toBeGreaterThan(0);
    const held = log.rows.find((r) => r.decision === "block" || r.decision === "defer");
    expect(held?.rules.length).toBeGreaterThan(0);
    const [cd] = await t.sql`select decision::text from compliance_decisions where id = ${held!.decisionId}`;
    expect(cd!.decision).toBe(held!.decision);
    await expect(listDispatchLog(ctx(agent), {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getOutreachFunnel(ctx(agent), {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});
