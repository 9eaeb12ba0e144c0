import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { makeCase, makeClient, makePerson } from "@casebook/db/testing";
import { enqueueDispatchSteps, JOBS, QUEUES } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness, type WorkerProcess } from "./harness";

// What an operator running many workers watches and what an orchestrator probes: /healthz, /readyz
// (PostgreSQL and Redis reachable, and not draining), /metrics in Prometheus' text format behind a
// bearer token; and SIGTERM: the BullMQ workers close (the active job finishes, no stalled lock).
const START = Date.parse("2026-03-03T17:00:00Z"); // 12:00 in New York
const TOKEN = "observability-test-token-0123456789";
const clock = () => ({ CASEBOOK_CLOCK_START: new Date(START).toISOString(), CASEBOOK_CLOCK_RATE: "1", CASEBOOK_CLOCK_EPOCH_MS: String(Date.now()) });

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => h?.close());

let n = 0;
async function smsStep(zone: "America/New_York" | "Pacific/Honolulu" = "America/New_York"): Promise<string> {
  const client = await makeClient(h.t.db);
  const hi = zone === "Pacific/Honolulu";
  const person = await makePerson(h.t.db, {
    person: hi ? { region: "HI", postalCode: "96813", timeZones: [zone] } : { region: "NY", postalCode: "11215", timeZones: [zone] },
    contactPoints: [{ kind: "phone", phoneType: "mobile", value: `+1${hi ? "808" : "718"}556${String(1000 + n++)}`, isPrimary: true, source: "client", consentCall: true, consentSms: true }],
  });
  const c = await makeCase(h.t.db, { clientId: client.id, personId: person.id, now: new Date(START) });
  const [step] = await h.t.db.insert(s.outreachSteps)
    .values({ caseId: c.id, personId: person.id, partyPersonId: person.id, accountIds: c.accounts.map((a) => a.id), kind: "test", channel: "sms", templateCode: "us_first_sms", purpose: "collection", dueAt: new Date(START - 60_000) })
    .returning({ id: s.outreachSteps.id });
  return step!.id;
}

function httpPort(w: WorkerProcess): number {
  const line = w.output().split("\n").find((l) => l.includes("worker started"));
  return (JSON.parse(line!) as { httpPort: number }).httpPort;
}

/** The value of one sample of the exposition text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inside = /\{([^}]*)\}/.exec(line)?.[1] ?? "";
    if (want.every((w) => inside.split(",").includes(w))) return Number(line.split(" ").at(-1));
  }
  return 0;
}

describe("the worker's /healthz, /readyz and /metrics", () => {
  it("answers the probes, refuses /metrics without the token, and its counters move with a dispatch", async () => {
    const worker = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms", WORKER_HTTP_PORT: "0", WORKER_HTTP_HOST: "127.0.0.1", METRICS_TOKEN: TOKEN });
    await worker.ready;
    const base = `http://127.0.0.1:${httpPort(worker)}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect({ status: ready.status, body: await ready.text() }).toEqual({ status: 200, body: "database ok\nredis ok\n" });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789abcdef" } })).status).toBe(401);
    const scrape = async () => {
      const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.headers.get("content-type")).toContain("text/plain");
      return res.text();
    };
    const before = await scrape();
    expect(sample(before, "casebook_dispatch_steps_total", { channel: "sms", outcome: "sent" })).toBe(0);
    expect(before).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(before).toContain(`casebook_queue_jobs{queue="${QUEUES.dispatchSms}",state="waiting"} 0`);

    const ids = [await smsStep(), await smsStep()];
    await enqueueDispatchSteps(h.producer, ids.map((stepId) => ({ channel: "sms" as const, stepId, version: 0 })));
    await waitUntil(async () => {
      const rows = await h.t.db.select({ state: s.outreachSteps.state }).from(s.outreachSteps).where(inArray(s.outreachSteps.id, ids));
      return rows.every((r) => r.state === "dispatched" || r.state === "delivered");
    }, 60_000, "the steps to be sent");
    const after = await waitUntil(async () => {
      const text = await scrape();
      return sample(text, "casebook_dispatch_steps_total", { channel: "sms", outcome: "sent" }) === 2 ? text : undefined;
    }, 10_000, "the dispatch counter to move");
    expect(sample(after, "casebook_worker_gate_decisions_total", { rule: "", outcome: "allow" })).toBe(2);
    expect(sample(after, "casebook_send_seconds_count", { channel: "sms", result: "ok" })).toBe(2);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 180_000);

  it("a batch job counts its gate decisions by rule, as the single-step path does", async () => {
    const worker = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms", WORKER_HTTP_PORT: "0", WORKER_HTTP_HOST: "127.0.0.1", METRICS_TOKEN: TOKEN });
    await worker.ready;
    const base = `http://127.0.0.1:${httpPort(worker)}`;
    const scrape = () => fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.text());
    /** The deferrals counted under a rule id (not the overall '' sample), summed over the rules. */
    const byRule = (text: string, outcome: string) => text.split("\n")
      .filter((l) => l.startsWith("casebook_worker_gate_decisions_total{") && l.includes(`outcome="${outcome}"`) && !l.includes('rule=""'))
      .reduce((t, l) => t + Number(l.split(" ").at(-1)), 0);
    const before = await scrape();
    // 12:00 in New York is sent; 07:00 in Honolulu is deferred to 08:00 by the calling-hours rule.
    const ids = [await smsStep(), await smsStep("Pacific/Honolulu")];
    await h.producer.queue(QUEUES.dispatchSms).add(JOBS.dispatchBatch, { steps: ids.map((stepId) => ({ stepId, version: 0 })) });
    const after = await waitUntil(async () => {
      const text = await scrape();
      return sample(text, "casebook_worker_gate_decisions_total", { rule: "", outcome: "defer" }) > sample(before, "casebook_worker_gate_decisions_total", { rule: "", outcome: "defer" }) ? text : undefined;
    }, 60_000, "the batch's decisions to be counted");
    expect(sample(after, "casebook_worker_gate_decisions_total", { rule: "", outcome: "defer" }) - sample(before, "casebook_worker_gate_decisions_total", { rule: "", outcome: "defer" })).toBe(1);
    expect(byRule(after, "defer") - byRule(before, "defer")).toBeGreaterThanOrEqual(1);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 180_000);

  it("on SIGTERM: not ready at once, the active send finishes, the BullMQ workers close, exit 0", async () => {
    const worker = h.spawnWorker({ ...clock(), WORKER_QUEUES: "dispatch-sms", WORKER_HTTP_PORT: "0", WORKER_HTTP_HOST: "127.0.0.1", PROVIDER_TIMEOUT_MS: "4000" });
    await worker.ready;
    const base = `http://127.0.0.1:${httpPort(worker)}`;
    const sms = h.producer.queue(QUEUES.dispatchSms);
    // "worker started" is logged when the BullMQ workers are created; their Redis connection names itself
    // a moment later (a CI run at load 20 saw none yet), so wait for it rather than race it.
    await waitUntil(async () => (await sms.getWorkers()).length > 0, 30_000, "the BullMQ worker to register in Redis");
    // The provider holds the answer: the job is active when the signal comes.
    h.sim.hangNext(1, { accept: true });
    const id = await smsStep();
    await enqueueDispatchSteps(h.producer, [{ channel: "sms", stepId: id, version: 0 }]);
    await waitUntil(async () => (await sms.getActiveCount()) === 1, 30_000, "the job to be active");
    worker.child.kill("SIGTERM");
    await waitUntil(async () => (await fetch(`${base}/readyz`).then((r) => r.status).catch(() => 0)) === 503, 10_000, "/readyz to answer 503 while draining");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("worker stopped");
    // Closed, not abandoned: no job left active under a lock, no worker connection left in Redis.
    expect(await sms.getActiveCount()).toBe(0);
    expect(await sms.getWorkers()).toEqual([]);
  }, 180_000);
});
