import type { Job } from "bullmq";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@casebook/config";
import { createDb, schema as s, type DbHandle } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { systemActor } from "@casebook/domain";
import { testInfra } from "@casebook/domain/testing";
import { producerJobQueue } from "@casebook/jobs";
import { readConfig } from "../src/env";
import type { Deps } from "../src/deps";
import { processDispatchBatch } from "../src/processors/dispatch-batch";
import { processReconcileUnknownSends } from "../src/processors/reconcile-unknown-sends";
import { startHarness, type Harness } from "./harness";

// Issue 15: a dispatch batch is gated as a set. The statements one batch sends must not grow with the
// number of its steps (no N+1 on the hot path): a batch of 50 sends no more than a batch of 5.
const NOON_NY = new Date("2026-03-03T17:00:00Z"); // a Tuesday, inside calling hours

let h: Harness;
let counted: DbHandle;
let statements: string[] = [];
let deps: Deps;

beforeAll(async () => {
  h = await startHarness();
  // As the worker's own handle (src/main.ts): every statement of a fixed shape prepared.
  counted = createDb({ url: h.t.url, max: 4, prepareAll: true, onQuery: (statement) => statements.push(statement) });
  deps = {
    config: readConfig(h.env),
    infra: { ...testInfra(counted.db, { enqueue: producerJobQueue(h.producer) }), clock: () => NOON_NY },
    db: counted.db,
    producer: h.producer,
    channels: h.channels,
    clock: () => NOON_NY,
    actor: systemActor("batch-queries-test"),
    log: createLogger("batch-queries-test", "silent"),
  };
});
afterAll(async () => {
  await counted?.close();
  await h?.close();
});

let n = 0;
/** `size` due SMS steps, one debtor each (New York, a consenting mobile), due a minute before `at`. */
async function dueSteps(size: number, at: Date = NOON_NY): Promise<string[]> {
  const client = await makeClient(h.t.db);
  const ids: string[] = [];
  for (let i = 0; i < size; i++) {
    const person = await makePerson(h.t.db, {
      person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
      contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+1718558${String(1000 + n++)}`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
    });
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: NOON_NY });
    const [step] = await h.t.db.insert(s.outreachSteps).values({
      caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), kind: "test", channel: "sms",
      templateCode: "us_first_sms", purpose: "collection", dueAt: new Date(at.getTime() - 60_000),
    }).returning({ id: s.outreachSteps.id });
    ids.push(step!.id);
  }
  return ids;
}

/** The statements one batch job of these steps sends (`retry`: the worker's retry of an outage's
 *  steps), and the steps' states after it; every step must end `expected` in the job's result. */
async function runBatch(stepIds: string[], options: { retry?: number; expected?: string; at?: Date } = {}): Promise<{ statements: number; texts: Set<string>; states: string[] }> {
  const data = { steps: stepIds.map((stepId) => ({ stepId, version: 0 })), ...(options.retry ? { retry: options.retry } : {}) };
  const job = { id: `batch-${stepIds.length}`, queueName: "dispatch-sms", data } as unknown as Job;
  statements = [];
  const at = options.at;
  const result = await processDispatchBatch(job, at ? { ...deps, clock: () => at, infra: { ...deps.infra, clock: () => at } } : deps);
  const count = statements.length;
  const texts = new Set(statements);
  const rows = await h.t.db.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(inArray(s.outreachSteps.id, stepIds));
  expect(Object.values(result.steps)).toEqual(stepIds.map(() => options.expected ?? "sent"));
  return { statements: count, texts, states: rows.map((r) => r.state) };
}

describe("one dispatch batch's statements (issue 15)", () => {
  it("do not grow with the batch: 50 steps send no more statements than 5", async () => {
    // Warm-up (the first batch of a process prepares its statements): not counted.
    await runBatch(await dueSteps(2));
    const small = await runBatch(await dueSteps(5));
    const large = await runBatch(await dueSteps(50));
    console.log(JSON.stringify({ test: "batch statements", batch5: small.statements, batch50: large.statements }));
    if (process.env.DUMP_STATEMENTS) { statements = []; await runBatch(await dueSteps(1)); console.log(statements.map((q) => q.slice(0, 90).replace(/\s+/g, " ")).join("\n")); }
    expect(small.states.every((st) => st === "dispatched")).toBe(true);
    expect(large.states.every((st) => st === "dispatched")).toBe(true);
    expect(large.statements).toBeLessThanOrEqual(small.statements);
    // Nor does their text: a statement whose text grew with the batch (a placeholder per row) would be
    // parsed and planned again for every batch size, and stay prepared on its connection once per size.
    expect([...large.texts].filter((q) => !small.texts.has(q)).map((q) => q.slice(0, 120))).toEqual([]);
  }, 300_000);

  it("nor through a provider outage: a batch whose sends all meet a 503, and its retry once the provider is back, send no more statements for 50 steps than for 5", async () => {
    await runBatch(await dueSteps(2));
    const outage = async (size: number) => {
      const ids = await dueSteps(size);
      h.sim.failNext(size, 503);
      const refused = await runBatch(ids, { expected: "retrying" });
      expect(refused.states.every((st) => st === "claimed")).toBe(true);
      const retried = await runBatch(ids, { retry: 1 });
      expect(retried.states.every((st) => st === "dispatched")).toBe(true);
      return { refused: refused.statements, retried: retried.statements };
    };
    const small = await outage(5);
    const large = await outage(50);
    console.log(JSON.stringify({ test: "outage batch statements", batch5: small, batch50: large }));
    expect(large.refused).toBeLessThanOrEqual(small.refused);
    expect(large.retried).toBeLessThanOrEqual(small.retried);
  }, 300_000);

  it("nor does a reconcile pass: steps whose answer was lost are all settled in one pass, with no more statements for 60 steps than for 6", async () => {
    // Issue 15: a provider timeout leaves its steps in `reconcile` by the thousand; the reconciler asked
    // and wrote back one step at a time (about 16 statements a step: 102 for 6 steps, 984 for 60; 18 and 18 now).
    const EARLY = new Date(NOON_NY.getTime() - 15 * 60_000); // claims past the 10-minute resend window by noon
    const toReconcile = async (size: number, fault: "hang" | "500", at = NOON_NY) => {
      const ids = await dueSteps(size, at);
      if (fault === "hang") h.sim.hangNext(size, { accept: true }); // the provider took it; the answer is lost (5 s timeout)
      else h.sim.failNext(size, 500); // the answer says nothing of the outcome; the provider has no record
      const batch = await runBatch(ids, { expected: "reconcile", at });
      expect(batch.states.every((st) => st === "reconcile")).toBe(true);
      return ids;
    };
    const pass = async (third: number) => {
      const lost = await toReconcile(third, "hang"); // the provider has them: settled as sent, never resent
      const missing = await toReconcile(third, "500"); // it has none, within the window: resent with their dispatch ids
      const late = await toReconcile(third, "500", EARLY); // none, past the window: failed, never resent
      const dispatchIds = async (ids: string[]) => {
        const rows = await h.t.db.select({ id: s.outreachSteps.id, d: s.outreachSteps.dispatchId }).from(s.outreachSteps).where(inArray(s.outreachSteps.id, ids));
        return ids.map((id) => rows.find((r) => r.id === id)!.d!);
      };
      const before = { lost: await dispatchIds(lost), missing: await dispatchIds(missing), late: await dispatchIds(late) };
      statements = [];
      const result = await processReconcileUnknownSends({ id: `reconcile-${third}`, data: { limit: 500 } } as unknown as Job, deps);
      const count = statements.length;
      expect(result).toMatchObject({ passes: 1, taken: 3 * third, sent: 2 * third, resent: third, failed: third });
      const rows = await h.t.db.select({ id: s.outreachSteps.id, state: s.outreachSteps.state, reason: s.outreachSteps.reason, dispatchId: s.outreachSteps.dispatchId })
        .from(s.outreachSteps).where(inArray(s.outreachSteps.id, [...lost, ...missing, ...late]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of [...lost, ...missing]) expect(["dispatched", "delivered"]).toContain(byId.get(id)!.state);
      for (const id of late) expect(byId.get(id)).toMatchObject({ state: "failed", reason: "never_reached_provider" });
      // Exactly once: every dispatch id kept; the provider holds one record for each sent step (the
      // resends under the same key), none for a late one, and took exactly one POST per sent key.
      expect([...lost, ...missing, ...late].map((id) => byId.get(id)!.dispatchId)).toEqual([...before.lost, ...before.missing, ...before.late]);
      const records = h.sim.requests().map((r) => r.idempotencyKey);
      for (const key of [...before.lost, ...before.missing]) expect(records.filter((k) => k === key)).toHaveLength(1);
      for (const key of before.late) expect(records).not.toContain(key);
      const accepted = h.sim.hits().filter((x) => x.method === "POST" && typeof x.status === "number" && x.status < 300 && !x.replay).map((x) => x.idempotencyKey);
      for (const key of before.missing) expect(accepted.filter((k) => k === key)).toHaveLength(1);
      const outcomes = await h.t.db.select({ outcome: s.contactOutcomes.outcome }).from(s.contactOutcomes)
        .innerJoin(s.contactAttempts, eq(s.contactAttempts.id, s.contactOutcomes.attemptId))
        .where(and(inArray(s.contactAttempts.outreachStepId, [...lost, ...missing, ...late]), eq(s.contactOutcomes.source, "reconciler")));
      expect(outcomes).toHaveLength(3 * third);
      return count;
    };
    await pass(1); // warm-up: the first pass of a process prepares its statements
    const small = await pass(2);
    const large = await pass(20);
    console.log(JSON.stringify({ test: "reconcile pass statements", steps6: small, steps60: large }));
    expect(large).toBeLessThanOrEqual(small);
  }, 300_000);
});
