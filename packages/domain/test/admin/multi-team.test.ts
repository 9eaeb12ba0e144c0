import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import {
  createUser, ForbiddenError, getCaseView, getSessionUser, getTeamAdmin, listQueue, previewReassignment, reassignCases, setUserTeams,
  ValidationError, type Actor, type DomainContext,
} from "../../src";
import { testContext } from "../../src/testing";

// Issue 14: a user may work in several teams (user_teams); every team-scoped read and check follows the memberships.
const NOW = new Date("2026-03-03T15:00:00Z");
let t: TestDatabase;
let admin: Actor;
const team: Record<"a" | "b" | "c", string> = { a: "", b: "", c: "" };
const cases: Record<"a" | "b" | "c", string> = { a: "", b: "", c: "" };
const ctx = (actor: Actor): DomainContext => testContext(t.db, actor, NOW);
/** The actor the console builds for a signed-in user: memberships as the database says now. */
async function actorOf(userId: string): Promise<Actor> {
  const u = (await getSessionUser(t.db, userId))!;
  return { kind: "user", userId: u.id, role: u.role, teamId: u.teamId, ...(u.teamIds ? { teamIds: u.teamIds } : {}), label: u.email };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const a = await makeUser(t.db, { role: "admin", teamId: null });
  admin = { kind: "user", userId: a.id, role: "admin", teamId: null, label: a.email };
  const client = await makeClient(t.db);
  for (const k of ["a", "b", "c"] as const) {
    team[k] = (await makeTeam(t.db)).id;
    cases[k] = (await makeCase(t.db, { clientId: client.id, teamId: team[k], now: NOW })).id;
  }
});
afterAll(async () => t?.drop());

describe("multi-team users", () => {
  it("an agent in two teams sees both teams' cases and is refused a third team's case (403)", async () => {
    const { userId } = await createUser(ctx(admin), { email: "two@casebook.test", name: "Two Teams", role: "agent", teamId: team.a, teamIds: [team.b], staffNumber: "MT-1" });
    const agent = await actorOf(userId);
    expect(agent.kind === "user" && [...agent.teamIds!].sort()).toEqual([team.a, team.b].sort());
    const queue = (await listQueue(ctx(agent), { limit: 50 })).rows.map((r) => r.caseId);
    expect(queue.sort()).toEqual([cases.a, cases.b].sort());
    await expect(getCaseView(ctx(agent), cases.b)).resolves.toBeTruthy();
    await expect(getCaseView(ctx(agent), cases.c)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getTeamAdmin(ctx(admin), team.b)).members.map((m) => m.id)).toContain(userId);
    const [audit] = await t.sql<[{ details: { teamIds: string[] } }]>`select details from audit_events where action = 'user.create' and entity_id = ${userId}`;
    expect(audit.details.teamIds).toEqual([team.a, team.b]);
  });

  it("an admin edits the teams: the sessions end, the access follows at once, audited; an agent keeps at least one", async () => {
    const { userId } = await createUser(ctx(admin), { email: "moving@casebook.test", name: "Moving", role: "agent", teamId: team.a, staffNumber: "MT-2" });
    const [{ sessionVersion: before }] = await t.sql<[{ sessionVersion: number }]>`select session_version as "sessionVersion" from users where id = ${userId}`;
    const r = await setUserTeams(ctx(admin), { userId, teamIds: [team.b, team.c] });
    expect(r).toEqual({ teamIds: [team.b, team.c].sort(), primaryTeamId: team.b });
    const [{ sessionVersion: after }] = await t.sql<[{ sessionVersion: number }]>`select session_version as "sessionVersion" from users where id = ${userId}`;
    expect(after).toBe(before + 1);
    const agent = await actorOf(userId);
    await expect(getCaseView(ctx(agent), cases.a)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getCaseView(ctx(agent), cases.c)).resolves.toBeTruthy();
    const [audit] = await t.sql<[{ details: { from: { teamIds: string[] }; to: { teamIds: string[] } } }]>`select details from audit_events where action = 'user.change_teams' and entity_id = ${userId}`;
    expect(audit.details.from.teamIds).toEqual([team.a]);
    expect(audit.details.to.teamIds).toEqual([team.b, team.c].sort());
    await expect(setUserTeams(ctx(admin), { userId, teamIds: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(setUserTeams(ctx(agent), { userId, teamIds: [team.a] })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a supervisor of two teams reassigns within either, to an agent who is a member, and is refused a third", async () => {
    const sup = await makeUser(t.db, { role: "supervisor", teamId: team.a });
    await setUserTeams(ctx(admin), { userId: sup.id, teamIds: [team.a, team.b] });
    const { userId: target } = await createUser(ctx(admin), { email: "target@casebook.test", name: "Target", role: "agent", teamId: team.a, teamIds: [team.b], staffNumber: "MT-3" });
    const supervisor = await actorOf(sup.id);
    const preview = await previewReassignment(ctx(supervisor), { teamId: team.b, toUserId: target });
    expect(preview.count).toBe(1);
    const moved = await reassignCases(ctx(supervisor), { teamId: team.b, toUserId: target, expectedCount: 1 });
    expect(moved.caseIds).toEqual([cases.b]);
    // The case stays in its team (the target is a member of it), not moved to the target's primary team.
    const [row] = await t.sql<[{ team_id: string }]>`select team_id from cases where id = ${cases.b}`;
    expect(row.team_id).toBe(team.b);
    await expect(previewReassignment(ctx(supervisor), { teamId: team.c, toUserId: target })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a user's primary team is always a membership (the migration's backfill and trigger)", async () => {
    const u = await makeUser(t.db, { teamId: team.c });
    const rows = await t.sql`select team_id from user_teams where user_id = ${u.id}`;
    expect(rows.map((r) => r.team_id)).toEqual([team.c]);
  });
});
