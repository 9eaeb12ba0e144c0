import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import {
  ConflictError, foldRollups, ForbiddenError, getTeamActivity, listTeamLive, previewReassignment, reassignCases, ValidationError,
  type Actor, type DomainContext,
} from "../../src";
import { testContext } from "../../src/testing";

// The Team page's verbs over a seeded portfolio: per-agent figures against SQL written here, time on
// cases from a known audit trail, the live view, and bulk reassignment (count confirmed, locked, audited),
// all bound to the supervisor's own team.
let t: TestDatabase;
const NOW = new Date("2026-03-03T17:00:00Z");
const FROM = "2026-02-01", TO = "2026-03-03";
let supervisor: Actor;
let admin: Actor;
let agentActor: Actor;
const ids = { east: "", shanghai: "", agent1: "", agent2: "", agent3: "", fresh: "" };
const ctx = (actor: Actor, now = NOW): DomainContext => testContext(t.db, actor, now);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo({ url: t.ownerUrl, accounts: 300, now: NOW, copyLanes: 2 });
  await foldRollups({ db: t.db });
  const users = await t.sql<Array<{ id: string; email: string; team_id: string; role: string }>>`select id, email, team_id, role from users`;
  const by = (email: string) => users.find((u) => u.email === email)!;
  ids.east = by("supervisor@casebook.test").team_id;
  ids.shanghai = by("agent3@casebook.test").team_id;
  ids.agent1 = by("agent1@casebook.test").id;
  ids.agent2 = by("agent2@casebook.test").id;
  ids.agent3 = by("agent3@casebook.test").id;
  supervisor = { kind: "user", userId: by("supervisor@casebook.test").id, role: "supervisor", teamId: ids.east, label: "supervisor@test" };
  agentActor = { kind: "user", userId: ids.agent1, role: "agent", teamId: ids.east, label: "agent1@test" };
  const a = users.find((u) => u.role === "admin")!;
  // An agent with no history of their own: their time and live rows are exactly what a test writes.
  const [fresh] = await t.sql<[{ id: string }]>`
    insert into users (email, name, role, team_id, staff_number) values ('fresh@casebook.test', 'Fresh Agent', 'agent', ${ids.east}, 'E-1999') returning id`;
  ids.fresh = fresh.id;
  admin = { kind: "user", userId: a.id, role: "admin", teamId: null, label: "admin@test" };
}, 180_000);
afterAll(async () => t?.drop());

describe("getTeamActivity", () => {
  it("gives each agent of the team their attempts, conversations, RPCs, promises and collections, equal to SQL over the sources", async () => {
    const team = await getTeamActivity(ctx(supervisor), { from: FROM, to: TO });
    expect(team.agents.map((a) => a.userId).sort()).toEqual([ids.agent1, ids.agent2, ids.fresh].sort());
    for (const a of team.agents) {
      const [d] = await t.sql<[{ attempts: number; conversations: number; rpcs: number; promises: number }]>`
        with at as (select * from contact_attempts where agent_user_id = ${a.userId} and direction = 'outbound'
                    and started_at >= ${FROM}::date and started_at < ${TO}::date + 1)
        select (select count(*) from at)::int as attempts,
          (select count(*) from at where exists (select 1 from contact_outcomes o where o.attempt_id = at.id and o.outcome = 'conversation'))::int as conversations,
          (select count(*) from at where party_role = 'consumer' and exists (select 1 from contact_outcomes o where o.attempt_id = at.id and o.outcome = 'conversation'))::int as rpcs,
          (select count(*) from promises where created_by = ${a.userId} and created_at >= ${FROM}::date and created_at < ${TO}::date + 1)::int as promises`;
      const paid = await t.sql<Array<{ currency: string; n: string }>>`
        select cl.currency, sum(p.amount_minor)::text as n from payments p join cases c on c.id = p.case_id join clients cl on cl.id = c.client_id
        where p.posted_by = ${a.userId} and p.status = 'posted' and p.received_at >= ${FROM}::date and p.received_at < ${TO}::date + 1 group by 1`;
      expect({ attempts: a.attempts, conversations: a.conversations, rpcs: a.rpcs, promises: a.promises }).toEqual(d);
      expect(Object.fromEntries(Object.entries(a.collected).filter(([, v]) => v !== 0))).toEqual(Object.fromEntries(paid.map((p) => [p.currency, Number(p.n)])));
    }
    expect(team.agents.reduce((s, a) => s + a.attempts, 0)).toBeGreaterThan(0);
  });

  it("counts time on cases from the agent's case events: sessions split by 15-minute gaps, plus a minute each", async () => {
    const [c1, c2] = await t.sql<Array<{ id: string; person_id: string }>>`select id, person_id from cases where team_id = ${ids.east} limit 2`;
    const at = (min: number) => new Date(Date.parse("2026-02-10T14:00:00Z") + min * 60_000).toISOString();
    const ev = (caseId: string, action: string, min: number) => t.sql`
      insert into audit_events (at, actor_kind, actor_user_id, actor_label, action, entity_type, entity_id, case_id)
      values (${at(min)}::timestamptz, 'user', ${ids.fresh}, 'fresh@test', ${action}, 'case', ${caseId}, ${caseId})`;
    const before = (await getTeamActivity(ctx(supervisor), { from: "2026-02-10", to: "2026-02-10" })).agents.find((a) => a.userId === ids.fresh)!;
    // Session 1: 0 → 5 → 12 (case 1, then case 2): 12 minutes + 1. Session 2 (after a 30-minute gap): one event, 1 minute.
    await ev(c1!.id, "case.view", 0);
    await ev(c1!.id, "contact.outcome", 5);
    await ev(c2!.id, "case.view", 12);
    await ev(c2!.id, "note.add", 42);
    const after = (await getTeamActivity(ctx(supervisor), { from: "2026-02-10", to: "2026-02-10" })).agents.find((a) => a.userId === ids.fresh)!;
    expect(before.secondsOnCases).toBe(0);
    expect(after.secondsOnCases).toBe(13 * 60 + 60);
    expect(after.casesTouched).toBe(2);
  });

  it("keeps a supervisor to their own team, and refuses an agent", async () => {
    await expect(getTeamActivity(ctx(supervisor), { teamId: ids.shanghai })).rejects.toMatchObject({ key: "team_scope" });
    await expect(getTeamActivity(ctx(agentActor), {})).rejects.toBeInstanceOf(ForbiddenError);
    const all = await getTeamActivity(ctx(admin), { from: FROM, to: TO });
    expect(all.agents.map((a) => a.userId)).toContain(ids.agent3);
  });
});

describe("listTeamLive", () => {
  it("shows the case each agent last opened in the last 30 minutes, and audits the view", async () => {
    const [c] = await t.sql<[{ id: string }]>`select id from cases where team_id = ${ids.east} order by id desc limit 1`;
    await t.sql`insert into audit_events (at, actor_kind, actor_user_id, actor_label, action, entity_type, entity_id, case_id)
      values (${new Date(NOW.getTime() - 40 * 60_000).toISOString()}::timestamptz, 'user', ${ids.fresh}, 'fresh@test', 'case.view', 'case', 'old', ${c.id}),
             (${new Date(NOW.getTime() - 5 * 60_000).toISOString()}::timestamptz, 'user', ${ids.agent1}, 'agent1@test', 'case.view', 'case', ${c.id}, ${c.id})`;
    const live = await listTeamLive(ctx(supervisor));
    expect(live.find((a) => a.userId === ids.agent1)).toMatchObject({ caseId: c.id, action: "case.view" });
    expect(live.find((a) => a.userId === ids.fresh)).toMatchObject({ caseId: null });
    const [audit] = await t.sql`select details from audit_events where action = 'team.live_view' order by id desc limit 1`;
    expect((audit!.details as { caseIds: string[] }).caseIds).toContain(c.id);
    await expect(listTeamLive(ctx(supervisor), { teamId: ids.shanghai })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("reassignCases", () => {
  it("moves exactly the filtered cases after the count is confirmed, one audit event per case", async () => {
    const filter = { ownerUserId: ids.agent1, bucket: "180_plus" as const, toUserId: ids.agent2 };
    const [expected] = await t.sql<[{ n: number }]>`
      select count(*)::int as n from cases c where c.team_id = ${ids.east} and c.status = 'open' and c.owner_user_id = ${ids.agent1}
        and ${NOW.toISOString().slice(0, 10)}::date - (select min(due_date) from accounts a where a.case_id = c.id) >= 180`;
    const preview = await previewReassignment(ctx(supervisor), filter);
    expect(expected.n).toBeGreaterThan(0);
    expect(preview.count).toBe(expected.n);
    expect(preview.byOwner).toEqual([{ userId: ids.agent1, name: "Alex Carter", cases: expected.n }]);
    // A stale confirmation moves nothing.
    await expect(reassignCases(ctx(supervisor), { ...filter, expectedCount: expected.n + 1 })).rejects.toBeInstanceOf(ConflictError);
    const untouched = await t.sql`select count(*)::int as n from audit_events where action = 'case.reassign'`;
    expect(untouched[0]!.n).toBe(0);
    const r = await reassignCases(ctx(supervisor), { ...filter, expectedCount: preview.count });
    expect(r.moved).toBe(expected.n);
    const moved = await t.sql<Array<{ owner_user_id: string }>>`select owner_user_id from cases where id in ${t.sql(r.caseIds)}`;
    expect(moved.every((c) => c.owner_user_id === ids.agent2)).toBe(true);
    const audits = await t.sql<Array<{ case_id: string; details: Record<string, unknown> }>>`
      select case_id, details from audit_events where action = 'case.reassign' order by case_id`;
    expect(audits.map((a) => a.case_id)).toEqual([...r.caseIds].sort());
    expect(audits[0]!.details).toMatchObject({ batchId: r.batchId, fromUserId: ids.agent1, toUserId: ids.agent2 });
    // Nothing left to move under the same filter.
    expect((await previewReassignment(ctx(supervisor), filter)).count).toBe(0);
  });

  it("refuses another team's cases or agents to a supervisor, and an agent altogether", async () => {
    await expect(previewReassignment(ctx(supervisor), { teamId: ids.shanghai, toUserId: ids.agent3 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(previewReassignment(ctx(supervisor), { toUserId: ids.agent3 })).rejects.toBeInstanceOf(ValidationError);
    await expect(reassignCases(ctx(agentActor), { toUserId: ids.agent2, expectedCount: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
