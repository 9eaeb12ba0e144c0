import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRows } from "../src/insert-rows";
import { auditEvents, complianceDecisions, contactAttempts } from "../src/schema";
import { createTestDatabase, makeCase, type CaseWithAccounts, type TestDatabase } from "../src/testing";

// insertRows (issue 15) writes what drizzle's multi-row insert writes, from one JSON parameter: the
// same values for every column kind the ledger uses (uuid, enum, text[], uuid[], jsonb, timestamptz,
// boolean, integer), the database's defaults for columns a row leaves out, and ON CONFLICT DO NOTHING
// with RETURNING of the rows actually inserted.
let t: TestDatabase;
let c: CaseWithAccounts;
beforeAll(async () => {
  t = await createTestDatabase();
  c = await makeCase(t.db);
});
afterAll(async () => t?.drop());

const without = <R extends Record<string, unknown>>(row: R, ...keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

describe("insertRows", () => {
  it("stores a compliance decision exactly as drizzle's insert does (jsonb with nesting and quotes, text[], enums, instants)", async () => {
    const base = {
      caseId: c.id, personId: c.personId, outreachStepId: randomUUID(), actorUserId: null, channel: "sms" as const, ruleSet: "US-FDCPA" as const,
      decision: "defer" as const, notBefore: new Date("2026-03-04T13:00:00.000Z"),
      results: [{ rule: "US-REGF-TIME", outcome: "defer" as const, reason: "outside 08:00–21:00 \"local\" \\ time", notBefore: "2026-03-04T13:00:00.000Z" }],
      timeZones: ["America/New_York", "America/Los_Angeles"],
      request: { nested: { list: [1, null, { x: "王小明" }], flag: true }, at: new Date("2026-03-03T19:00:00.000Z") },
      evaluatedAt: new Date("2026-03-03T19:00:00.123Z"),
    };
    const viaDrizzle = randomUUID();
    const viaJson = randomUUID();
    await t.db.insert(complianceDecisions).values({ ...base, id: viaDrizzle });
    await insertRows(t.db, complianceDecisions, [{ ...base, id: viaJson }]);
    const rows = await t.db.select().from(complianceDecisions).where(inArray(complianceDecisions.id, [viaDrizzle, viaJson]));
    expect(rows).toHaveLength(2);
    const [a, b] = [rows.find((r) => r.id === viaDrizzle)!, rows.find((r) => r.id === viaJson)!];
    expect(without(b, "id", "createdAt")).toEqual(without(a, "id", "createdAt"));
    expect(b.request).toEqual({ nested: { list: [1, null, { x: "王小明" }], flag: true }, at: "2026-03-03T19:00:00.000Z" });
  });

  it("leaves out what a row does not name: the database's defaults (identity, now(), '{}'), one statement per set of columns", async () => {
    const entityId = randomUUID();
    const at = new Date("2026-01-02T03:04:05.000Z");
    await insertRows(t.db, auditEvents, [
      { actorKind: "system", actorLabel: "test", action: "x.one", entityType: "thing", entityId },
      { actorKind: "system", actorLabel: "test", action: "x.two", entityType: "thing", entityId, at, details: { n: 2 } },
    ]);
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId));
    const one = rows.find((r) => r.action === "x.one")!;
    const two = rows.find((r) => r.action === "x.two")!;
    expect(one.details).toEqual({});
    expect(Math.abs(one.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(typeof one.id).toBe("number");
    expect(two.at.toISOString()).toBe(at.toISOString());
    expect(two.details).toEqual({ n: 2 });
    expect(two.id).not.toBe(one.id);
  });

  it("on conflict do nothing returns only the rows inserted; uuid[] and booleans arrive intact", async () => {
    const attempt = (referenceCode: string) => ({
      id: randomUUID(), dispatchId: randomUUID(), referenceCode, caseId: c.id, personId: c.personId, partyPersonId: c.personId,
      partyRole: "consumer" as const, address: "+17185550100", channel: "sms" as const, direction: "outbound" as const, purpose: "collection" as const,
      accountIds: c.accounts.map((x) => x.id), autodialed: true, startedAt: new Date("2026-03-03T19:00:00.000Z"),
    });
    const first = attempt("IRTEST01");
    const clash = attempt("IRTEST01");
    const other = attempt("IRTEST02");
    expect(await insertRows(t.db, contactAttempts, [first], { returning: ["id"] })).toEqual([{ id: first.id }]);
    const inserted = await insertRows(t.db, contactAttempts, [clash, other], { onConflictDoNothing: true, returning: ["id", "referenceCode"] });
    expect(inserted).toEqual([{ id: other.id, referenceCode: "IRTEST02" }]);
    const [row] = await t.db.select().from(contactAttempts).where(eq(contactAttempts.id, other.id));
    expect(row!.accountIds).toEqual(c.accounts.map((x) => x.id));
    expect(row!.autodialed).toBe(true);
    expect(await insertRows(t.db, contactAttempts, [])).toEqual([]);
  });
});
