import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase, defaultClientPolicy, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import {
  createClient, createStrategyDraft, ForbiddenError, listClientRuleSets, placeAccount, planCasesSet, planOutreach, readPolicyInForce, systemActor,
  type Actor, type DomainContext,
} from "../../src";
import { testContext } from "../../src/testing";

// Monday 2026-03-02, 10:00 in Shanghai: inside CN-CBA's hours.
const NOW = new Date("2026-03-02T02:00:00Z");

let t: TestDatabase;
let admin: Actor;
let agent: Actor;
let supervisor: Actor;
let defaults: Record<"US-FDCPA" | "CN-CBA", string>;
const ctx = (actor: Actor, now = NOW): DomainContext => testContext(t.db, actor, now);
const asActor = (u: { id: string; role: "agent" | "supervisor" | "compliance" | "admin"; teamId: string | null; email: string }): Actor =>
  ({ kind: "user", userId: u.id, role: u.role, teamId: u.teamId, label: u.email });
const clientsWith = (code: string) => t.db.select().from(s.clients).where(eq(s.clients.code, code));
const input = (code: string) => ({ code, name: "Jade Credit", country: "CN", currency: "CNY", ruleSet: "CN-CBA" as const, agencyName: "Casebook CN", policy: defaultClientPolicy });

beforeAll(async () => {
  t = await createTestDatabase();
  // The seed's two published defaults (US consumer, China consumer); UK-CONC has none.
  defaults = (await seedStrategiesAndTemplates(t.db)).strategyIds;
  const teamId = (await makeTeam(t.db)).id;
  admin = asActor(await makeUser(t.db, { role: "admin", teamId: null }));
  agent = asActor(await makeUser(t.db, { teamId }));
  supervisor = asActor(await makeUser(t.db, { role: "supervisor", teamId }));
});
afterAll(async () => {
  await t?.drop();
});

describe("onboarding a client", () => {
  it("creates the client with policy version 1 in force, audited with the default strategy its cases will get", async () => {
    const { id, strategy } = await createClient(ctx(admin), input("jade-credit"));
    const [row] = await clientsWith("JADE-CREDIT");
    expect(row).toMatchObject({ id, name: "Jade Credit", country: "CN", currency: "CNY", ruleSet: "CN-CBA", agencyName: "Casebook CN" });
    expect((await readPolicyInForce(t.db, { id, policy: row!.policy }, NOW)).version).toBe(1);
    expect(strategy).toMatchObject({ id: defaults["CN-CBA"], name: "China consumer default" });
    const audits = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "client.create"), eq(s.auditEvents.entityId, id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ ruleSet: "CN-CBA", defaultStrategy: { id: defaults["CN-CBA"] } });
  });

  it("names each bad field and writes nothing; refuses a taken code", async () => {
    const bad: [string, string, Record<string, unknown>][] = [
      ["code", "client_code_format", { code: "x" }], ["name", "required", { name: "" }], ["country", "country_code", { country: "XX" }],
      ["currency", "currency_unknown", { currency: "ABC" }], ["ruleSet", "invalid_option", { ruleSet: "US-MA" }], ["agencyName", "required", { agencyName: " " }],
      ["policy.settlementFloorBps", "too_small", { policy: { ...defaultClientPolicy, settlementFloorBps: -1 } }],
      ["policy.callbackNumbers", "callback_default_required", { policy: { ...defaultClientPolicy, callbackNumbers: {} } }],
    ];
    for (const [field, key, patch] of bad) {
      const code = `BAD-${field.replace(/\W/g, "").toUpperCase()}`;
      await expect(createClient(ctx(admin), { ...input(code), ...patch } as never), field).rejects.toMatchObject({ field, key });
      expect(await clientsWith(code)).toHaveLength(0);
    }
    await expect(createClient(ctx(admin), input("JADE-CREDIT"))).rejects.toMatchObject({ field: "code", key: "client_code_taken" });
    expect(await clientsWith("JADE-CREDIT")).toHaveLength(1);
  });

  it("refuses a rule set without a published default strategy: its cases would be placed and never contacted", async () => {
    expect(await listClientRuleSets(ctx(admin))).toEqual([
      { ruleSet: "US-FDCPA", strategy: expect.objectContaining({ id: defaults["US-FDCPA"] }) },
      { ruleSet: "CN-CBA", strategy: expect.objectContaining({ id: defaults["CN-CBA"] }) },
      { ruleSet: "UK-CONC", strategy: null },
    ]);
    await expect(createClient(ctx(admin), { ...input("THAMES-CARD"), country: "GB", currency: "GBP", ruleSet: "UK-CONC" }))
      .rejects.toMatchObject({ field: "ruleSet", key: "rule_set_no_strategy", params: { ruleSet: "UK-CONC" } });
    expect(await clientsWith("THAMES-CARD")).toHaveLength(0);
  });

  it("refuses agents and supervisors", async () => {
    for (const actor of [agent, supervisor]) {
      await expect(createClient(ctx(actor), input("NOT-MINE"))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listClientRuleSets(ctx(actor))).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await clientsWith("NOT-MINE")).toHaveLength(0);
  });
});

/** One CN account placed through the API as the client, 45 days past due. */
async function place(clientId: string, reference: string, now = NOW) {
  const due = new Date(now.getTime() - 45 * 86_400_000).toISOString().slice(0, 10);
  const api: Actor = { kind: "api", clientId, label: "api:test" };
  const { accountId } = await placeAccount(testContext(t.db, api, now), {
    accountReference: reference, currency: "CNY", balanceMinor: 500_000, dueDate: due, fullName: "王小明", country: "CN", phone: "+8613800138000",
  });
  const [account] = await t.db.select({ caseId: s.accounts.caseId }).from(s.accounts).where(eq(s.accounts.id, accountId));
  return account!.caseId;
}
const caseRow = async (id: string) => (await t.db.select().from(s.cases).where(eq(s.cases.id, id)))[0]!;
const stepsOf = (caseId: string) => t.db.select({ strategyId: s.outreachSteps.strategyId }).from(s.outreachSteps).where(eq(s.outreachSteps.caseId, caseId));

describe("a newly created client's cases", () => {
  it("are planned with the rule set's default strategy, by the per-case and by the set-wise planner", async () => {
    const { id } = await createClient(ctx(admin), input("LOTUS-LOANS"));
    const first = await place(id, "LOTUS-1");
    const second = await place(id, "LOTUS-2");
    expect((await caseRow(first)).strategyId).toBeNull();

    const planned = await planOutreach(ctx(systemActor("test")), { caseId: first });
    expect(planned.skipped).toBeUndefined();
    expect(planned.planned).toBeGreaterThan(0);
    expect((await caseRow(first)).strategyId).toBe(defaults["CN-CBA"]);
    expect(new Set((await stepsOf(first)).map((r) => r.strategyId))).toEqual(new Set([defaults["CN-CBA"]]));

    expect((await planCasesSet(ctx(systemActor("test")), [second])).planned).toBeGreaterThan(0);
    expect((await caseRow(second)).strategyId).toBe(defaults["CN-CBA"]);
    expect((await caseRow(second)).stage).toBe((await caseRow(first)).stage);
  });

  it("never get a client strategy's draft being edited: a placement takes its newest published version", async () => {
    const client = await makeClient(t.db, { country: "CN", currency: "CNY", ruleSet: "CN-CBA" });
    const [own] = await t.db.insert(s.strategies).values({
      clientId: client.id, name: `Own cadence ${client.code}`, version: 1, ruleSet: "CN-CBA", status: "published", publishedAt: NOW,
    }).returning();
    const draft = await createStrategyDraft(ctx(admin), { fromStrategyId: own!.id });
    expect(draft).toMatchObject({ version: 2, created: true });
    const caseId = await place(client.id, "OWN-1");
    expect((await caseRow(caseId)).strategyId).toBe(own!.id);
  });
});
