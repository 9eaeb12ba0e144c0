import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCase, makeClient, makeTeam, makeUser } from "@casebook/db/testing";
import { createWebhookEndpoint, listWebhookLog, postPayment, relayOutbox, type Actor } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";
import { enqueueWebhookDeliveries, QUEUES } from "@casebook/jobs";
import { startHarness, waitUntil, type Harness } from "./harness";

// Issue 16, events out: a client's endpoint that fails is retried by the real worker on a real BullMQ
// queue with exponential backoff (WEBHOOK_JOB_OPTIONS: 5 s, then 10 s), each attempt logged, until it
// answers 2xx; every attempt carries the same message id and a signature (its verification: domain events-out.test.ts).
let h: Harness;
let server: Server;
let url: string;
const FAILS = 2;
const hits: Array<{ at: number; id: string; signed: boolean }> = [];

beforeAll(async () => {
  h = await startHarness();
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hits.push({ at: Date.now(), id: String(req.headers["webhook-id"]), signed: /^v1,/.test(String(req.headers["webhook-signature"])) && body.length > 0 });
      res.writeHead(hits.length <= FAILS ? 503 : 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}, 120_000);
afterAll(async () => {
  server?.close();
  await h?.close();
});

describe("webhook delivery (worker)", () => {
  it("retries a failing endpoint with backoff until it succeeds; the delivery log shows the attempts", async () => {
    const NOW = new Date();
    const u = await makeUser(h.t.db, { role: "admin", teamId: null });
    const admin: Actor = { kind: "user", userId: u.id, role: "admin", teamId: null, label: "admin" };
    const client = await makeClient(h.t.db);
    const team = await makeTeam(h.t.db);
    await createWebhookEndpoint(testContext(h.t.db, admin, NOW), { clientId: client.id, url });
    const c = await makeCase(h.t.db, { clientId: client.id, teamId: team.id, now: NOW });
    await postPayment(testContext(h.t.db, { kind: "api", clientId: client.id, label: "api:test" }, NOW), { caseId: c.id, amountMinor: 100, method: "ach", reference: "WR-1" });
    const relayed = await relayOutbox(h.ctx(NOW));
    expect(relayed.deliveries).toHaveLength(1); // payment.posted (a part payment: no status change)

    const worker = h.spawnWorker({ WORKER_QUEUES: QUEUES.webhooks });
    await worker.ready;
    await enqueueWebhookDeliveries(h.producer, relayed.deliveries);
    const log = async () => (await listWebhookLog(testContext(h.t.db, admin, new Date()), { clientId: client.id })).deliveries[0];
    // After the first failure the log already shows it, pending a retry.
    await waitUntil(async () => (await log())?.attempts === 1, 20_000, "the first attempt to be logged");
    expect(await log()).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 503 });
    const done = await waitUntil(async () => ((await log())?.status === "delivered" ? await log() : undefined), 60_000, "the delivery to succeed");
    expect(done).toMatchObject({ status: "delivered", attempts: FAILS + 1, lastStatusCode: 200 });
    expect(hits).toHaveLength(FAILS + 1);
    expect(hits.every((x) => x.signed && x.id === hits[0]!.id)).toBe(true);
    // Exponential backoff: about 5 s before the second attempt, about 10 s before the third.
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(4_500);
    expect(hits[2]!.at - hits[1]!.at).toBeGreaterThanOrEqual(9_500);
    expect(hits[2]!.at - hits[1]!.at).toBeGreaterThan(hits[1]!.at - hits[0]!.at);
  }, 120_000);
});
