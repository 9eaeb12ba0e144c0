import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDbEnv } from "../src/env";
import { createTestDatabase, makeCase, makeUser, type TestDatabase } from "../src/testing";

// Issue 10: the console and the worker connect as the runtime role, which cannot rewrite the evidence:
// no UPDATE, DELETE or TRUNCATE on the ledger, no switching its triggers off, no replica mode, no DDL.
describe("the runtime role", () => {
  let t: TestDatabase;
  let attemptId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const c = await makeCase(t.db);
    const agent = await makeUser(t.db, { teamId: c.teamId });
    // Written through the runtime role: INSERT is what the app does with the ledger.
    const [attempt] = await t.sql`
      insert into contact_attempts (dispatch_id, reference_code, case_id, person_id, party_person_id, party_role,
        address, channel, direction, purpose, account_ids, agent_user_id, started_at)
      values (${randomUUID()}, 'K7M2QX9A', ${c.id}, ${c.personId}, ${c.personId}, 'consumer', '+17185550100',
        'call', 'outbound', 'collection', ${c.accounts.map((a) => a.id)}, ${agent.id}, now())
      returning id`;
    attemptId = attempt!.id as string;
    await t.sql`insert into contact_outcomes (attempt_id, outcome, source, at) values (${attemptId}, 'no_answer', 'agent', now())`;
  });
  afterAll(async () => t?.drop());

  const refused = { code: "42501" }; // insufficient_privilege

  it("is a plain login: not a superuser, owns nothing, cannot create roles or databases", async () => {
    const [me] = await t.sql`select current_user as name, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls
      from pg_roles where rolname = current_user`;
    expect(me).toMatchObject({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false });
    const [owned] = await t.sql`select count(*)::int as n from pg_class where relowner = (select oid from pg_roles where rolname = current_user)`;
    expect(owned!.n).toBe(0);
  });

  it("reads and appends to the ledger", async () => {
    const rows = await t.sql`select id from contact_attempts`;
    expect(rows.map((r) => r.id)).toEqual([attemptId]);
  });

  it.each([
    ["contact_attempts", "address = 'changed'"],
    ["contact_outcomes", "outcome = 'conversation'"],
    ["compliance_decisions", "decision = 'block'"],
    ["audit_events", "action = 'changed'"],
  ])("is refused UPDATE, DELETE and TRUNCATE on %s", async (table, set) => {
    await expect(t.sql.unsafe(`update ${table} set ${set}`)).rejects.toMatchObject(refused);
    await expect(t.sql.unsafe(`delete from ${table}`)).rejects.toMatchObject(refused);
    await expect(t.sql.unsafe(`truncate ${table} cascade`)).rejects.toMatchObject(refused);
  });

  it("is refused switching the ledger's triggers off", async () => {
    await expect(t.sql`alter table contact_attempts disable trigger contact_attempts_append_only`).rejects.toMatchObject(refused);
    await expect(t.sql`alter table contact_attempts disable trigger all`).rejects.toMatchObject(refused);
  });

  it("is refused session_replication_role", async () => {
    await expect(t.sql`set session_replication_role = replica`).rejects.toMatchObject(refused);
    await expect(t.sql`select set_config('session_replication_role', 'replica', false)`).rejects.toMatchObject(refused);
  });

  it("is refused DDL and drizzle's migration journal", async () => {
    await expect(t.sql`create table scratch (id int)`).rejects.toMatchObject(refused);
    await expect(t.sql`alter table users add column scratch int`).rejects.toMatchObject(refused);
    await expect(t.sql`drop table login_attempts`).rejects.toMatchObject({ code: expect.stringMatching(/^42501$/) });
    await expect(t.sql`select * from drizzle.__drizzle_migrations`).rejects.toMatchObject(refused);
  });

  it("leaves the ledger as it was", async () => {
    const [n] = await t.ownerSql`select (select count(*) from contact_attempts)::int as attempts, (select count(*) from contact_outcomes)::int as outcomes`;
    expect(n).toEqual({ attempts: 1, outcomes: 1 });
  });

  it("the append-only triggers fire ALWAYS: even a superuser in replica mode is refused", async () => {
    const triggers = await t.ownerSql`select tgname, tgenabled from pg_trigger where tgname like '%append_only%' order by 1`;
    // The four evidence tables of 0001 and client_policy_versions (issue 14), a row and a truncate trigger each.
    expect(triggers).toHaveLength(10);
    expect(new Set(triggers.map((r) => r.tgenabled))).toEqual(new Set(["A"]));
    const admin = new URL(readDbEnv().DATABASE_ADMIN_URL ?? readDbEnv().DATABASE_URL);
    admin.pathname = `/${t.name}`;
    const su = postgres(admin.toString(), { max: 1, onnotice: () => {} });
    try {
      await expect(su.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`update contact_attempts set address = 'tampered'`;
      })).rejects.toMatchObject({ code: "23001" });
    } finally {
      await su.end({ timeout: 5 });
    }
  });
});
