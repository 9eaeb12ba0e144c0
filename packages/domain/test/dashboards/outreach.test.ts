import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import { testContext } from "../../src/testing";
import { ForbiddenError, getOutreachFunnel, listDispatchLog, type Actor, type DomainContext } from "../../src";

// The Outreach page's verbs: the funnel and the dispatch log against SQL over the seeded steps (queue
// health and the retry are tested in apps/worker/test/queue-health.test.ts, against a real BullMQ).
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
}, 180_000);
afterAll(async () => t?.drop());

describe("getOutreachFunnel and listDispatchLog", () => {
  it("counts each stage's steps by fate and its open cases, equal to SQL over the steps", async () => {
    const f = await getOutreachFunnel(ctx(supervisor), { from: "2026-01-01", to: "2026-03-03" });
    const [d] = await t.sql<[{ steps: number; sent: number; blocked: number; cases: number }]>`
      select count(*)::int as steps, count(*) filter (where state in ('dispatched', 'delivered'))::int as sent, count(*) filter (where state = 'blocked')::int as blocked,
        (select count(*) from cases where status = 'open' and strategy_id is not null and stage is not null)::int as cases
      from outreach_steps where strategy_step_id is not null and due_at >= '2026-01-01' and due_at < '2026-03-04'`;
    const sum = (k: "planned" | "sent" | "deferred" | "blocked" | "failed" | "givenUp" | "cancelled") => f.stages.reduce((s, x) => s + x[k], 0);
    expect(d.steps).toBeGreaterThan(0);
    expect(sum("sent")).toBe(d.sent);
    expect(sum("blocked")).toBe(d.blocked);
    const [other] = await t.sql<[{ n: number }]>`
      select count(*)::int as n from outreach_steps where strategy_step_id is not null and due_at >= '2026-01-01' and due_at < '2026-03-04'
        and state in ('claimed', 'reconcile') and reason is distinct from 'retries_exhausted'`;
    expect(sum("planned") + sum("sent") + sum("deferred") + sum("blocked") + sum("failed") + sum("givenUp") + sum("cancelled") + other.n).toBe(d.steps);
    expect(f.stages.reduce((s, x) => s + x.cases, 0)).toBe(d.cases);
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
