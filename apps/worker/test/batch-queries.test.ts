import type { Job } from "bullmq";
import { inArray } from "drizzle-orm";
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
  counted = createDb({ url: h.t.url, max: 4, onQuery: (statement) => statements.push(statement) });
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
/** `size` due SMS steps, one debtor each (New York, a consenting mobile). */
async function dueSteps(size: number): Promise<string[]> {
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
      templateCode: "us_first_sms", purpose: "collection", dueAt: new Date(NOON_NY.getTime() - 60_000),
    }).returning({ id: s.outreachSteps.id });
    ids.push(step!.id);
  }
  return ids;
}

/** The statements one batch job of these steps sends (`retry`: the worker's retry of an outage's
 *  steps), and the steps' states after it; every step must end `expected` in the job's result. */
async function runBatch(stepIds: string[], options: { retry?: number; expected?: string } = {}): Promise<{ statements: number; states: string[] }> {
  const data = { steps: stepIds.map((stepId) => ({ stepId, version: 0 })), ...(options.retry ? { retry: options.retry } : {}) };
  const job = { id: `batch-${stepIds.length}`, queueName: "dispatch-sms", data } as unknown as Job;
  statements = [];
  const result = await processDispatchBatch(job, deps);
  const count = statements.length;
  const rows = await h.t.db.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(inArray(s.outreachSteps.id, stepIds));
  expect(Object.values(result.steps)).toEqual(stepIds.map(() => options.expected ?? "sent"));
  return { statements: count, states: rows.map((r) => r.state) };
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
});
