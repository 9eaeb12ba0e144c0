import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, makeCase, makeUser, type TestDatabase } from "../src/testing";

// CONVENTIONS.md: the ledger and audit tables are append-only in the database itself, even for the
// owner role that migrates (the runtime role is refused earlier, by its grants: runtime-role.test.ts).
describe("append-only tables", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const c = await makeCase(t.db);
    const agent = await makeUser(t.db, { teamId: c.teamId });
    const accountIds = c.accounts.map((a) => a.id);
    const [attempt] = await t.sql`
      insert into contact_attempts (dispatch_id, reference_code, case_id, person_id, party_person_id, party_role,
        address, channel, direction, purpose, account_ids, agent_user_id, started_at)
      values (${randomUUID()}, 'K7M2QX9A', ${c.id}, ${c.personId}, ${c.personId}, 'consumer', '+17185550100',
        'call', 'outbound', 'collection', ${accountIds}, ${agent.id}, now())
      returning id`;
    await t.sql`insert into contact_outcomes (attempt_id, outcome, source, at) values (${attempt!.id}, 'no_answer', 'agent', now())`;
    await t.sql`
      insert into compliance_decisions (case_id, person_id, channel, rule_set, decision, results, time_zones, request, evaluated_at)
      values (${c.id}, ${c.personId}, 'call', 'US-FDCPA', 'allow', '[]', ${["America/New_York"]}, '{}', now())`;
    await t.sql`
      insert into audit_events (actor_kind, actor_user_id, actor_label, action, entity_type, entity_id, case_id)
      values ('user', ${agent.id}, ${agent.email}, 'case.view', 'case', ${c.id}, ${c.id})`;
  });
  afterAll(async () => t?.drop());

  const tables = [
    ["contact_attempts", "address = 'changed'"],
    ["contact_outcomes", "outcome = 'conversation'"],
    ["compliance_decisions", "decision = 'block'"],
    ["audit_events", "action = 'changed'"],
  ] as const;

  it.each(tables)("%s holds the row it was given", async (table) => {
    const [row] = await t.sql.unsafe(`select count(*)::int as n from ${table}`);
    expect(row!.n).toBe(1);
  });

  it.each(tables)("%s rejects UPDATE", async (table, set) => {
    await expect(t.ownerSql.unsafe(`update ${table} set ${set}`)).rejects.toMatchObject({
      code: "23001",
      message: `append-only table ${table}: UPDATE is not allowed`,
    });
  });

  it.each(tables)("%s rejects DELETE", async (table) => {
    await expect(t.ownerSql.unsafe(`delete from ${table}`)).rejects.toMatchObject({
      code: "23001",
      message: `append-only table ${table}: DELETE is not allowed`,
    });
  });

  it.each(tables)("%s rejects TRUNCATE", async (table) => {
    await expect(t.ownerSql.unsafe(`truncate ${table} cascade`)).rejects.toMatchObject({ code: "23001" });
    const [row] = await t.sql.unsafe(`select count(*)::int as n from ${table}`);
    expect(row!.n).toBe(1);
  });

  it("rejects the change through drizzle too, inside a transaction that then rolls back", async () => {
    const { auditEvents } = await import("../src/schema");
    await expect(
      t.db.transaction(async (tx) => {
        await tx.update(auditEvents).set({ action: "tampered" });
      }),
    ).rejects.toThrow();
    const [row] = await t.sql`select action from audit_events`;
    expect(row!.action).toBe("case.view");
  });
});
