import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { sweepDueSteps, systemActor } from "../../src";
import { startHarness, type OutreachHarness } from "./setup";

let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("the sweep", () => {
  it("selects each due step once across concurrent sweepers (SKIP LOCKED), leases it, and sweeps it again only after the lease", async () => {
    const now = new Date("2026-03-03T17:00:00Z");
    const client = await makeClient(h.t.db);
    const person = await makePerson(h.t.db);
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now });
    const n = 3000;
    await h.t.db.insert(s.outreachSteps).values(
      Array.from({ length: n }, (_, i) => ({
        caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), occurrence: i + 1, kind: "test",
        channel: (["sms", "email", "call", "letter"] as const)[i % 4]!, templateCode: "x", purpose: "collection" as const,
        // 10 not yet due: they stay in PostgreSQL only.
        dueAt: new Date(now.getTime() + (i < 10 ? 3_600_000 : -60_000)),
      })),
    );
    const ctx = { db: h.t.db, actor: systemActor("sweep-test"), now };
    const runs = await Promise.all([0, 1, 2].map(() => sweepDueSteps(ctx, { limit: n, batchSize: 250 })));
    const ids = runs.flatMap((r) => r.steps.map((x) => x.stepId));
    expect(ids).toHaveLength(n - 10);
    expect(new Set(ids).size).toBe(n - 10);
    expect(runs.every((r) => r.steps.every((x) => x.version === 0))).toBe(true);

    // Leased: a sweep a minute later finds nothing; after the lease (10 minutes) the same versions come back.
    expect((await sweepDueSteps({ ...ctx, now: new Date(now.getTime() + 60_000) }, { limit: n })).selected).toBe(0);
    const again = await sweepDueSteps({ ...ctx, now: new Date(now.getTime() + 11 * 60_000) }, { limit: n });
    expect(again.selected).toBe(n - 10);
  });
});
