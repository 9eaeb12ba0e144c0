import { type Cluster } from "ioredis";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { enqueueDispatchBatches, enqueueDispatchSteps, enqueueSweep, QUEUES, readDeadLetters } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness } from "./harness";
import { redisServerMissing, startRedisCluster, type RedisCluster } from "./redis-cluster";

// Many machines share one managed Redis, often a cluster: every queue's keys must hash to one slot
// (BullMQ's scripts touch several keys of a queue at once), enqueue → worker → gate → send must work
// through ioredis' Cluster client. (Any worker test file runs against a cluster with REDIS_CLUSTER_NODES
// and REDIS_URL set: the harness passes them on; batch.test.ts was run so, 3 of 3 passed.)
// A private three-node cluster of Debian's redis-server, on ports chosen here, removed afterwards.
const missing = redisServerMissing();
if (missing) console.warn(`[redis-cluster.test] skipped: ${missing}`);

const START = Date.parse("2026-03-03T17:00:00Z"); // 12:00 in New York: a lawful hour
const clock = () => ({ CASEBOOK_CLOCK_START: new Date(START).toISOString(), CASEBOOK_CLOCK_RATE: "1", CASEBOOK_CLOCK_EPOCH_MS: String(Date.now()) });

let cluster: RedisCluster;
let h: Harness;
beforeAll(async () => {
  if (missing) return;
  cluster = await startRedisCluster();
  h = await startHarness({ redisUrl: `redis://127.0.0.1:${cluster.ports[0]}`, clusterNodes: cluster.nodes });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await cluster?.stop();
});

let n = 0;
async function smsSteps(count: number, dueAt = new Date(START - 60_000)): Promise<string[]> {
  const client = await makeClient(h.t.db);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const person = await makePerson(h.t.db, {
      person: { region: "NY", postalCode: "11215", timeZones: ["America/New_York"] },
      contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+1718558${String(1000 + n++).padStart(4, "0")}`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
    });
    const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: new Date(START) });
    const [step] = await h.t.db
      .insert(s.outreachSteps)
      .values({ caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), kind: "test", channel: "sms", templateCode: "us_first_sms", purpose: "collection", dueAt })
      .returning({ id: s.outreachSteps.id });
    ids.push(step!.id);
  }
  return ids;
}

async function dispatched(ids: string[]): Promise<number> {
  const rows = await h.t.db.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(inArray(s.outreachSteps.id, ids));
  return rows.filter((r) => r.state === "dispatched" || r.state === "delivered").length;
}

/** Sends per step id, from the ledger: exactly one attempt each is the exactly-once claim. */
async function attemptsPerStep(ids: string[]): Promise<number[]> {
  const rows = await h.t.db.select({ step: s.contactAttempts.outreachStepId }).from(s.contactAttempts).where(inArray(s.contactAttempts.outreachStepId, ids));
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.step!, (count.get(r.step!) ?? 0) + 1);
  return ids.map((id) => count.get(id) ?? 0);
}

describe.skipIf(!!missing)("BullMQ on a Redis Cluster (three private nodes)", () => {
  it("keeps every queue's keys in one slot, and spreads the queues over the nodes", async () => {
    const ids = await smsSteps(1, new Date(START + 30 * 86_400_000)); // not due: no later sweep sends it
    await enqueueDispatchSteps(h.producer, [{ channel: "sms", stepId: ids[0]!, version: 0 }, { channel: "email", stepId: ids[0]!, version: 0 }, { channel: "call", stepId: ids[0]!, version: 0 }]);
    const redis = h.redis as Cluster;
    const slotsByQueue = new Map<string, Set<number>>();
    for (const node of redis.nodes("master")) {
      for (const key of await node.keys(`${h.prefix}:*`)) {
        const queue = /^[^:]+:\{([^}]+)\}:/.exec(key)?.[1];
        expect(queue, `key ${key} carries a hash tag`).toBeDefined();
        const set = slotsByQueue.get(queue!) ?? new Set<number>();
        set.add(Number(await node.call("cluster", "keyslot", key)));
        slotsByQueue.set(queue!, set);
      }
    }
    expect([...slotsByQueue.keys()].sort()).toEqual([QUEUES.dispatchEmail, QUEUES.dispatchSms, QUEUES.dispatchVoice].sort());
    for (const [, slots] of slotsByQueue) expect(slots.size).toBe(1);
    // Three queues, three tags: not all in one slot (a single tag for everything would pin one node).
    expect(new Set([...slotsByQueue.values()].map((x) => [...x][0])).size).toBe(3);
    for (const q of [QUEUES.dispatchEmail, QUEUES.dispatchSms, QUEUES.dispatchVoice]) await h.producer.queue(q).obliterate({ force: true });
  });

  it("enqueue → worker → gate → send: single steps, the sweep's batches and a dead letter, each step sent once", async () => {
    const single = await smsSteps(4);
    const batched = await smsSteps(6);
    const swept = await smsSteps(5);
    const worker = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms,outreach-sweep" });
    await worker.ready;
    await enqueueDispatchSteps(h.producer, single.map((stepId) => ({ channel: "sms" as const, stepId, version: 0 })));
    await enqueueDispatchBatches(h.producer, batched.map((stepId) => ({ channel: "sms" as const, stepId, version: 0 })), 3);
    // The sweep's own path: PostgreSQL's due steps → batch jobs → dispatch, all through the cluster.
    await enqueueSweep(h.producer, {}, new Date(START));
    const all = [...single, ...batched, ...swept];
    await waitUntil(async () => (await dispatched(all)) === all.length, 90_000, "every step to be dispatched").catch((e: Error) => {
      console.log(worker.output().slice(-3000));
      throw e;
    });
    expect(await attemptsPerStep(all)).toEqual(all.map(() => 1));
    expect(h.sim.requests()).toHaveLength(all.length);
    // A job no processor knows is final and dead-lettered (a MULTI on one key: fine in a cluster).
    await h.producer.queue(QUEUES.dispatchSms).add("no-such-job", {}, { attempts: 1 });
    const letters = await waitUntil(async () => {
      const l = await readDeadLetters(h.redis, h.prefix);
      return l.length ? l : undefined;
    }, 30_000, "the dead letter");
    expect(letters[0]).toMatchObject({ queue: QUEUES.dispatchSms, jobName: "no-such-job" });
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 180_000);

  it("a short benchmark: gated dispatch through the cluster (figures printed, not asserted)", async () => {
    const ids = await smsSteps(60);
    const workers = [h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms,outreach-sweep" }), h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms" })];
    await Promise.all(workers.map((w) => w.ready));
    const started = Date.now();
    await enqueueSweep(h.producer, {}, new Date(START + 120_000));
    await waitUntil(async () => (await dispatched(ids)) === ids.length, 300_000, "the benchmark's steps to be dispatched");
    const seconds = (Date.now() - started) / 1000;
    expect(await attemptsPerStep(ids)).toEqual(ids.map(() => 1));
    console.log(JSON.stringify({ bench: "redis-cluster-dispatch", nodes: 3, workers: workers.length, steps: ids.length, seconds, perSecond: Math.round(ids.length / seconds) }));
    for (const w of workers) w.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
  }, 420_000);
});
