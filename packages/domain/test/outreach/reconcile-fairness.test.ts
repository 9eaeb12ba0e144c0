import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { createTestDatabase, makeCase, makeClient, makePerson, type TestDatabase } from "@casebook/db/testing";
import { reconcileUnknownSends, systemActor, type OutreachChannels } from "../../src";
import { testContext } from "../../src/testing";
import { dueReconcileStepIds } from "../../src/outreach/delivery/reconcile-unknown-sends";

// Issue 9 §4: reconciliation of unknown outcomes covers every channel, oldest first, so a pile of
// unknowns in one channel cannot starve another.

const NOW = new Date("2026-03-03T17:00:00Z");
const MIN = 60_000;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

/** A provider port that knows every dispatch id (accepted) and records the order it was asked in. */
function answeringChannels(asked: string[]): OutreachChannels {
  const port = {
    send: () => Promise.reject(new Error("the reconciler must ask, not send")),
    lookup: (key: string) => {
      asked.push(key);
      return Promise.resolve({ found: true as const, providerMessageId: `pm-${key}`, status: "accepted" as const });
    },
  };
  // E-mail (SMTP) cannot be asked: as in production, it has no lookup.
  return { sms: port, call: port, letter: port, email: { send: port.send } };
}

describe("reconciliation of unknown sends", () => {
  it("a batch smaller than the backlog still reaches the one old unknown call behind twelve unknown SMS, and takes each channel oldest first", async () => {
    const client = await makeClient(t.db);
    const person = await makePerson(t.db);
    const c = await makeCase(t.db, { clientId: client.id, personId: person.id, now: NOW });
    const point = person.contactPoints.find((p) => p.kind === "phone")!;
    // Twelve SMS in reconcile, claimed 1..12 minutes ago, written first; one call claimed an hour ago, last.
    const unknown = async (channel: "sms" | "call", claimedAt: Date, occurrence: number) => {
      const dispatchId = randomUUID();
      const [step] = await t.db.insert(s.outreachSteps).values({
        caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), occurrence, kind: "test",
        channel, templateCode: "x", purpose: "collection", dueAt: claimedAt, state: "reconcile", reason: "send_outcome_unknown",
        dispatchId, claimedAt, contactPointId: point.id,
      }).returning();
      await t.db.insert(s.contactAttempts).values({
        dispatchId, referenceCode: dispatchId.slice(0, 8), caseId: c.id, personId: person.id, partyPersonId: person.id, partyRole: "consumer",
        contactPointId: point.id, address: point.value, channel, direction: "outbound", purpose: "collection", accountIds: c.accounts.map((a) => a.id),
        outreachStepId: step!.id, renderedBody: "Hello", startedAt: claimedAt,
      });
      return { id: step!.id, dispatchId, claimedAt };
    };
    const sms = [];
    for (let i = 12; i >= 1; i--) sms.push(await unknown("sms", new Date(NOW.getTime() - i * MIN), i));
    const call = await unknown("call", new Date(NOW.getTime() - 60 * MIN), 100);

    const asked: string[] = [];
    const result = await reconcileUnknownSends(testContext(t.db, systemActor("reconcile-test"), NOW), { limit: 4 }, answeringChannels(asked));

    // The run used its whole limit: the call, and the three oldest SMS (claimed 12, 11, 10 minutes ago).
    expect(result.sent).toBe(4);
    expect(asked).toEqual([call.dispatchId, ...sms.slice(0, 3).map((x) => x.dispatchId)]);
    const [callAfter] = await t.db.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(eq(s.outreachSteps.id, call.id));
    expect(callAfter!.state).toBe("dispatched");
    const smsAfter = await t.db.select({ id: s.outreachSteps.id, state: s.outreachSteps.state }).from(s.outreachSteps).where(inArray(s.outreachSteps.id, sms.map((x) => x.id)));
    expect(smsAfter.filter((x) => x.state === "dispatched").map((x) => x.id).sort()).toEqual(sms.slice(0, 3).map((x) => x.id).sort());

    // The next runs drain the rest, oldest first, and nothing is asked twice.
    while ((await reconcileUnknownSends(testContext(t.db, systemActor("reconcile-test"), NOW), { limit: 4 }, answeringChannels(asked))).sent > 0);
    expect(asked).toEqual([call.dispatchId, ...sms.map((x) => x.dispatchId)]);
  });
});

describe("the reconcile pass's read", () => {
  it("reads the unsettled claims through their partial index, not by scanning every step ever planned", async () => {
    const client = await makeClient(t.db);
    const person = await makePerson(t.db);
    const c = await makeCase(t.db, { clientId: client.id, personId: person.id, now: NOW });
    // A book's history: 20,000 settled steps, and the few claims in flight the pass is for.
    await t.db.execute(sql`
      insert into outreach_steps (case_id, person_id, party_person_id, account_ids, occurrence, kind, channel, template_code, purpose, due_at, state, claimed_at)
      select ${c.id}::uuid, ${person.id}::uuid, ${person.id}::uuid, '{}', g, 'test', 'sms', 'x', 'collection', ${NOW.toISOString()}::timestamptz,
             (case when g % 2000 = 0 then 'claimed' else 'delivered' end)::outreach_state, ${NOW.toISOString()}::timestamptz - interval '1 hour'
        from generate_series(1000, 21000) g`);
    await t.db.execute(sql`analyze outreach_steps`);

    const plan = await t.db.execute<{ "QUERY PLAN": string }>(sql`explain (format text) ${dueReconcileStepIds(["sms", "call", "voicemail"], new Date(NOW.getTime() - 5 * MIN), 500)}`);
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("outreach_steps_unsettled_idx");
    expect(text).not.toMatch(/Seq Scan on outreach_steps/);
  });
});
