import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../src/password";
import { createTestDatabase, makeCase, makeClient, makePerson, makeTeam, makeUser, type TestDatabase } from "../src/testing";

describe("test factories", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  it("makeCase builds client, person, team, placement and one account when given nothing", async () => {
    const c = await makeCase(t.db, { now: new Date("2026-11-23T12:00:00Z") });
    expect(c.accounts).toHaveLength(1);
    expect(c.accounts[0]).toMatchObject({ caseId: c.id, personId: c.personId, clientId: c.clientId, currency: "USD", dueDate: "2026-10-09" });
    expect(c.placement.placedTotalMinor).toBe(c.accounts[0]!.balanceMinor);
  });

  it("compose: a team, its agent, a person with contact points, a case with two accounts", async () => {
    const client = await makeClient(t.db, { currency: "CNY", country: "CN", ruleSet: "CN-CBA" });
    const team = await makeTeam(t.db, { name: "Team Shanghai (test)" });
    const agent = await makeUser(t.db, { teamId: team.id, locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const person = await makePerson(t.db, {
      person: { fullName: "王芳", country: "CN", region: "31", timeZones: ["Asia/Shanghai"], preferredLanguage: "zh-CN" },
      contactPoints: [{ kind: "phone", phoneType: "mobile", value: "+8613800138000", source: "client", isPrimary: true }],
    });
    const c = await makeCase(t.db, {
      clientId: client.id, personId: person.id, teamId: team.id, ownerUserId: agent.id,
      accounts: [{ balanceMinor: 500_000 }, { balanceMinor: 120_000, product: "consumer_loan" }],
    });
    expect(person.contactPoints).toEqual([expect.objectContaining({ value: "+8613800138000", personId: person.id })]);
    expect(c).toMatchObject({ ownerUserId: agent.id, teamId: team.id, status: "open" });
    expect(c.accounts.map((a) => a.currency)).toEqual(["CNY", "CNY"]);
    expect(c.accounts[0]!.jurisdiction).toBe("CN-31");
    expect(c.placement.placedTotalMinor).toBe(620_000);
  });

  it("unique columns do not collide across calls", async () => {
    const users = await Promise.all([makeUser(t.db), makeUser(t.db), makeUser(t.db)]);
    expect(new Set(users.map((u) => u.email)).size).toBe(3);
  });
});

describe("passwords", () => {
  it("hash with argon2id and verify", async () => {
    const hash = await hashPassword("casebook-demo");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword("casebook-demo", hash)).toBe(true);
    expect(await verifyPassword("wrong", hash)).toBe(false);
    expect(await verifyPassword("casebook-demo", null)).toBe(false);
    expect(await verifyPassword("casebook-demo", "not-a-hash")).toBe(false);
  });
});
