import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { seedDemo } from "@casebook/db/seed";
import { foldAgentDays, getTeamActivity, SESSION_GAP_MINUTES, SESSION_TAIL_SECONDS, type Actor } from "../../src";
import { testContext } from "../../src/testing";

// The Team page's time on cases and cases touched (issue 13): foldAgentDays folds completed UTC days of
// case events into rollup_agent_days and rollup_agent_case_days, and getTeamActivity reads folded days
// from them and later days live. Over a seeded portfolio plus hand-made sessions (one across midnight,
// gaps just under, at and just over the limit, two agents, sub-second instants), both must equal SQL
// written here: per (user, day), the sum of the gaps of at most the limit between consecutive events of
// the day plus one tail per session start (an event with no event of the same day in the limit before it).
let t: TestDatabase;
const NOW = new Date("2026-03-03T17:00:00Z");
const FROM = "2026-02-01", TO = "2026-03-03";
let supervisor: Actor;
const ids = { east: "", a: "", b: "" };

type DayRow = { agent: string; day: string; sessions: number; micros: string };

/** Per (user, day) sessions and time, by the gap-sum formulation (not the fold's session numbering). */
async function directDays(): Promise<DayRow[]> {
  return t.sql<DayRow[]>`
    with ev as (
      select actor_user_id as agent, (at at time zone 'UTC')::date as day, at from audit_events
      where actor_user_id is not null and case_id is not null
    ),
    seq as (select agent, day, at, lag(at) over (partition by agent, day order by at) as prev from ev),
    flagged as (select agent, day, at, prev, prev is null or at - prev > ${SESSION_GAP_MINUTES} * interval '1 minute' as starts from seq)
    select agent::text, day::text, (count(*) filter (where starts))::int as sessions,
      (coalesce(sum(extract(epoch from at - prev) * 1000000) filter (where not starts), 0)
        + ${SESSION_TAIL_SECONDS * 1_000_000}::bigint * count(*) filter (where starts))::bigint::text as micros
    from flagged group by 1, 2 order by 1, 2`;
}

async function rolledDays(): Promise<DayRow[]> {
  return t.sql<DayRow[]>`select agent_id::text as agent, day::text, sessions, micros::text from rollup_agent_days order by 1, 2`;
}

async function directCaseDays(): Promise<string[]> {
  const rows = await t.sql<Array<{ k: string }>>`
    select distinct actor_user_id::text || '|' || ((at at time zone 'UTC')::date)::text || '|' || case_id::text as k
    from audit_events where actor_user_id is not null and case_id is not null order by 1`;
  return rows.map((r) => r.k);
}

async function rolledCaseDays(): Promise<string[]> {
  const rows = await t.sql<Array<{ k: string }>>`
    select agent_id::text || '|' || day::text || '|' || case_id::text as k from rollup_agent_case_days order by 1`;
  return rows.map((r) => r.k);
}

/** Each agent's seconds (rounded once, over the range) and distinct cases in [from, to], from the events. */
async function directRange(from: string, to: string): Promise<Map<string, { seconds: number; cases: number }>> {
  const days = (await directDays()).filter((d) => d.day >= from && d.day <= to);
  const cases = await t.sql<Array<{ agent: string; n: number }>>`
    select actor_user_id::text as agent, count(distinct case_id)::int as n from audit_events
    where actor_user_id is not null and case_id is not null and (at at time zone 'UTC')::date between ${from}::date and ${to}::date group by 1`;
  const out = new Map<string, { seconds: number; cases: number }>();
  const micros = new Map<string, bigint>();
  for (const d of days) micros.set(d.agent, (micros.get(d.agent) ?? 0n) + BigInt(d.micros));
  for (const [agent, m] of micros) out.set(agent, { seconds: Math.round(Number(m) / 1e6), cases: 0 });
  for (const c of cases) out.set(c.agent, { seconds: out.get(c.agent)?.seconds ?? 0, cases: c.n });
  return out;
}

async function expectTeamEqualsDirect(from: string, to: string) {
  const team = await getTeamActivity(testContext(t.db, supervisor, NOW), { from, to });
  const direct = await directRange(from, to);
  expect(team.agents.length).toBeGreaterThan(2);
  for (const a of team.agents) {
    expect({ agent: a.userId, seconds: a.secondsOnCases, cases: a.casesTouched }).toEqual({ agent: a.userId, ...(direct.get(a.userId) ?? { seconds: 0, cases: 0 }) });
  }
  return team;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo({ url: t.ownerUrl, accounts: 300, now: NOW, copyLanes: 2 });
  const [sup] = await t.sql<[{ id: string; team_id: string }]>`select id, team_id from users where email = 'supervisor@casebook.test'`;
  ids.east = sup.team_id;
  supervisor = { kind: "user", userId: sup.id, role: "supervisor", teamId: ids.east, label: "supervisor@test" };
  // Two agents with no seeded history: their days are exactly the events written here.
  const made = await t.sql<Array<{ id: string }>>`
    insert into users (email, name, role, team_id, staff_number) values
      ('agent-a@casebook.test', 'Agent A', 'agent', ${ids.east}, 'E-1901'), ('agent-b@casebook.test', 'Agent B', 'agent', ${ids.east}, 'E-1902')
    returning id`;
  [ids.a, ids.b] = made.map((r) => r.id) as [string, string];
  await t.sql`insert into user_teams (user_id, team_id) select id, ${ids.east} from users where id in (${ids.a}, ${ids.b}) on conflict do nothing`;
  const cases = (await t.sql<Array<{ id: string }>>`select id from cases where team_id = ${ids.east} order by id limit 3`).map((c) => c.id);
  const [c1, c2, c3] = cases as [string, string, string];
  const events: Array<[string, string, string]> = [
    // A: a session across midnight (23:50 → 00:12): two sessions, 5 min + tail on the 10th, 7 min + tail on the 11th.
    [ids.a, c1, "2026-02-10T23:50:00.250000Z"], [ids.a, c1, "2026-02-10T23:55:00Z"], [ids.a, c2, "2026-02-11T00:05:00Z"], [ids.a, c2, "2026-02-11T00:12:00.000001Z"],
    // A: gaps of 14:59.999999 (kept), 15:00.000001 (split), exactly 15:00 (kept).
    [ids.a, c1, "2026-02-12T10:00:00Z"], [ids.a, c1, "2026-02-12T10:14:59.999999Z"], [ids.a, c2, "2026-02-12T10:30:00Z"], [ids.a, c3, "2026-02-12T10:45:00Z"],
    // A: the same case on a later, not yet folded day (cases touched over a range counts it once), and today.
    [ids.a, c1, "2026-02-25T09:00:00Z"], [ids.a, c2, "2026-03-03T08:00:00Z"], [ids.a, c2, "2026-03-03T08:16:00Z"],
    // B: two cases in one session, two events at the same instant, the same case again yesterday and today.
    [ids.b, c3, "2026-02-10T14:00:00Z"], [ids.b, c2, "2026-02-10T14:10:00.5Z"], [ids.b, c2, "2026-02-10T14:10:00.5Z"],
    [ids.b, c3, "2026-03-02T23:59:59.999999Z"], [ids.b, c3, "2026-03-03T00:00:00Z"], [ids.b, c1, "2026-03-03T00:14:00Z"],
  ];
  for (const [agent, caseId, at] of events) {
    await t.sql`insert into audit_events (at, actor_kind, actor_user_id, actor_label, action, entity_type, entity_id, case_id)
      values (${at}::timestamptz, 'user', ${agent}, 'test', 'case.view', 'case', ${caseId}, ${caseId})`;
  }
}, 180_000);
afterAll(async () => t?.drop());

describe("foldAgentDays and getTeamActivity's time on cases", () => {
  it("cuts sessions at midnight UTC and at gaps over the limit (the hand-made days)", async () => {
    const mine = (await directDays()).filter((d) => d.agent === ids.a || d.agent === ids.b);
    const of = (agent: string, day: string) => mine.find((d) => d.agent === agent && d.day === day);
    const min = 60_000_000;
    expect(of(ids.a, "2026-02-10")).toMatchObject({ sessions: 1, micros: String(4 * min + 59_750_000 + min) });
    expect(of(ids.a, "2026-02-11")).toMatchObject({ sessions: 1, micros: String(7 * min + 1 + min) });
    expect(of(ids.a, "2026-02-12")).toMatchObject({ sessions: 2, micros: String(15 * min - 1 + min + 15 * min + min) });
    expect(of(ids.b, "2026-02-10")).toMatchObject({ sessions: 1, micros: String(10 * min + 500_000 + min) });
    expect(of(ids.b, "2026-03-02")).toMatchObject({ sessions: 1, micros: String(min) });
    expect(of(ids.b, "2026-03-03")).toMatchObject({ sessions: 1, micros: String(14 * min + min) });
  });

  it("backfills a database that never had the fold, a bounded number of days a run", async () => {
    const [first] = await t.sql<[{ day: string }]>`
      select ((min(at) at time zone 'UTC')::date)::text as day from audit_events where case_id is not null and actor_user_id is not null`;
    const r = await foldAgentDays({ db: t.db, now: new Date("2026-02-20T12:00:00Z") }, { maxDays: 5 });
    const fifth = new Date(Date.parse(`${first.day}T00:00:00Z`) + 4 * 86_400_000).toISOString().slice(0, 10);
    expect(r).toEqual({ days: 5, throughDay: fifth, busy: false });
    let more = r;
    while (more.days > 0) more = await foldAgentDays({ db: t.db, now: new Date("2026-02-20T12:00:00Z") }, { maxDays: 100 });
    expect(more.throughDay).toBe("2026-02-19");
    const [{ n }] = await t.sql<[{ n: number }]>`select count(*)::int as n from rollup_agent_days where day > '2026-02-19'::date`;
    expect(n).toBe(0);
  });

  it("gives the same figures over a range that spans folded and unfolded days as SQL over the events", async () => {
    // Folded through Feb 19: Feb 1–19 from the rollup, Feb 20 – Mar 3 live.
    const team = await expectTeamEqualsDirect(FROM, TO);
    const a = team.agents.find((x) => x.userId === ids.a)!;
    expect(a.casesTouched).toBe(3);
    await expectTeamEqualsDirect("2026-02-11", "2026-02-12");
    await expectTeamEqualsDirect("2026-02-25", TO);
    // The rollup's days equal the direct computation, day for day.
    const folded = (await directDays()).filter((d) => d.day <= "2026-02-19");
    expect(await rolledDays()).toEqual(folded);
    expect(await rolledCaseDays()).toEqual((await directCaseDays()).filter((k) => k.split("|")[1]! <= "2026-02-19"));
  });

  it("folds each day once, an hour after it ends, and every figure stays equal to SQL", async () => {
    expect(await foldAgentDays({ db: t.db, now: NOW })).toMatchObject({ throughDay: "2026-03-02", busy: false });
    await expectTeamEqualsDirect(FROM, TO);
    // Today is not folded before an hour past midnight.
    expect(await foldAgentDays({ db: t.db, now: new Date("2026-03-04T00:59:59Z") })).toEqual({ days: 0, throughDay: "2026-03-02", busy: false });
    expect(await foldAgentDays({ db: t.db, now: new Date("2026-03-04T01:00:00Z") })).toEqual({ days: 1, throughDay: "2026-03-03", busy: false });
    expect(await rolledDays()).toEqual(await directDays());
    expect(await rolledCaseDays()).toEqual(await directCaseDays());
    // Wholly folded now: the same figures, from the rollup alone.
    const team = await expectTeamEqualsDirect(FROM, TO);
    expect(team.agents.find((x) => x.userId === ids.b)).toMatchObject({ casesTouched: 3 });
  });

  it("changes nothing when run again, even over days already folded, and one fold runs at a time", async () => {
    const days = await rolledDays();
    const caseDays = await rolledCaseDays();
    expect(await foldAgentDays({ db: t.db, now: new Date("2026-03-04T12:00:00Z") })).toEqual({ days: 0, throughDay: "2026-03-03", busy: false });
    // A restart from an older watermark (a fold interrupted, a watermark restored) writes the same rows.
    await t.sql`update rollup_watermarks set through_day = '2026-02-05' where name = 'agent_days'`;
    let r = await foldAgentDays({ db: t.db, now: new Date("2026-03-04T12:00:00Z") }, { maxDays: 10 });
    expect(r).toEqual({ days: 10, throughDay: "2026-02-15", busy: false });
    while (r.days > 0) r = await foldAgentDays({ db: t.db, now: new Date("2026-03-04T12:00:00Z") });
    expect(r.throughDay).toBe("2026-03-03");
    expect(await rolledDays()).toEqual(days);
    expect(await rolledCaseDays()).toEqual(caseDays);
    const holder = await t.sql.reserve();
    await holder`begin`;
    await holder`select pg_advisory_xact_lock(hashtext('casebook:agent-day-fold'))`;
    expect(await foldAgentDays({ db: t.db, now: new Date("2026-03-06T12:00:00Z") })).toEqual({ days: 0, throughDay: null, busy: true });
    await holder`rollback`;
    holder.release();
  });
});
