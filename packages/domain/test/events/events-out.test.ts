import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendWebhook } from "@casebook/channels/webhooks-out";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import { createWebhookEndpoint, escalateToLegal, listWebhookLog, postPayment, prepareWebhookDelivery, recordWebhookAttempt, redeliverWebhook, relayOutbox, type Actor } from "../../src";
import { testContext } from "../../src/testing";

// Issue 16, events out: the outbox row commits with its change (and not without it), the relay makes
// one delivery per endpoint, the sender signs per Standard Webhooks and the receiver can verify it.
const NOW = new Date("2026-03-03T15:00:00Z");
let t: TestDatabase;
let admin: Actor;
let server: Server;
let url: string;
const received: Array<{ headers: Record<string, string>; body: string }> = [];
let answer = 200;

beforeAll(async () => {
  t = await createTestDatabase();
  const u = await makeUser(t.db, { role: "admin", teamId: null });
  admin = { kind: "user", userId: u.id, role: "admin", teamId: null, label: "admin" };
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}, 60_000);
afterAll(async () => {
  server.close();
  await t.drop();
});

const events = (clientId: string) => t.sql`select type, payload, relayed_at from outbox_events where client_id = ${clientId} order by seq`;

describe("outbox", () => {
  it("writes a payment's events in the payment's transaction, and none for a client without an endpoint", async () => {
    const team = await makeTeam(t.db);
    const client = await makeClient(t.db);
    const quiet = await makeClient(t.db);
    await createWebhookEndpoint(testContext(t.db, admin, NOW), { clientId: client.id, url });
    const c = await makeCase(t.db, { clientId: client.id, teamId: team.id, now: NOW });
    const q = await makeCase(t.db, { clientId: quiet.id, teamId: team.id, now: NOW });
    const api = (clientId: string): Actor => ({ kind: "api", clientId, label: "api:test" });
    await postPayment(testContext(t.db, api(client.id), NOW), { caseId: c.id, amountMinor: c.accounts[0]!.balanceMinor, method: "ach", reference: "R-1" });
    await postPayment(testContext(t.db, api(quiet.id), NOW), { caseId: q.id, amountMinor: 100, method: "ach", reference: "R-1" });
    const rows = await events(client.id);
    expect(rows.map((r) => r.type).sort()).toEqual(["account.status_changed", "payment.posted"]);
    const paid = rows.find((r) => r.type === "payment.posted")!;
    expect(paid.payload).toMatchObject({ amountMinor: c.accounts[0]!.balanceMinor, reference: "R-1", allocations: [{ accountReference: c.accounts[0]!.clientReference }] });
    expect(rows.find((r) => r.type === "account.status_changed")!.payload).toMatchObject({ from: "active", to: "paid", accountReference: c.accounts[0]!.clientReference });
    expect(await events(quiet.id)).toHaveLength(0);

    // A change rolled back leaves no event behind.
    let inside = 0;
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`update accounts set status = 'legal' where id = ${c.accounts[0]!.id}`);
      inside = Number((await tx.execute(sql`select count(*) as n from outbox_events where client_id = ${client.id}`))[0]!.n);
      tx.rollback();
    }).catch(() => {});
    expect(inside).toBe(3);
    expect(await events(client.id)).toHaveLength(2);

    // Legal escalation is its own event (and the accounts' status changes).
    const c2 = await makeCase(t.db, { clientId: client.id, teamId: team.id, now: NOW });
    const supervisor = await makeUser(t.db, { role: "supervisor", teamId: team.id });
    await escalateToLegal(testContext(t.db, { kind: "user", userId: supervisor.id, role: "supervisor", teamId: team.id, label: "sup" }, NOW), { caseId: c2.id, reason: "no contact in 120 days, assets found" });
    const types = (await events(client.id)).map((r) => r.type);
    expect(types).toContain("case.legal_escalated");
  });
});

describe("relay and delivery", () => {
  it("relays each event once into one delivery per endpoint, signed so the receiver verifies it, and redelivers on request", async () => {
    const client = await makeClient(t.db);
    const team = await makeTeam(t.db);
    const { secret } = await createWebhookEndpoint(testContext(t.db, admin, NOW), { clientId: client.id, url });
    const c = await makeCase(t.db, { clientId: client.id, teamId: team.id, now: NOW });
    await postPayment(testContext(t.db, { kind: "api", clientId: client.id, label: "api:test" }, NOW), { caseId: c.id, amountMinor: 100, method: "card", reference: "R-2" });
    const ctx = testContext(t.db, { kind: "system", label: "system:test" }, NOW);
    const first = await relayOutbox(ctx);
    const mine = (await t.sql`select d.id from webhook_deliveries d where d.client_id = ${client.id}`).map((r) => r.id as string);
    expect(mine).toHaveLength(1);
    expect(first.deliveries.map((d) => d.deliveryId)).toContain(mine[0]);
    const second = await relayOutbox(ctx);
    expect(second.deliveries.map((d) => d.deliveryId)).not.toContain(mine[0]);

    const ref = { deliveryId: mine[0]!, generation: 0 };
    const prepared = (await prepareWebhookDelivery(ctx, ref))!;
    answer = 500;
    const failed = await sendWebhook(prepared, { now: new Date() });
    expect(failed).toEqual({ ok: false, statusCode: 500, error: "http_500" });
    await recordWebhookAttempt(ctx, { ...ref, ok: false, statusCode: 500, error: failed.ok ? undefined : failed.error, final: true });
    answer = 200;
    const again = await redeliverWebhook(testContext(t.db, admin, NOW), { deliveryId: ref.deliveryId });
    expect(again).toEqual({ deliveryId: ref.deliveryId, generation: 1 });
    expect(await prepareWebhookDelivery(ctx, ref)).toBeNull();
    const ok = await sendWebhook((await prepareWebhookDelivery(ctx, again))!, { now: new Date() });
    expect(ok).toEqual({ ok: true, statusCode: 200 });
    await recordWebhookAttempt(ctx, { ...again, ok: true, statusCode: 200, final: false });

    const last = received.at(-1)!;
    expect(last.headers["webhook-id"]).toBe(prepared.messageId);
    const verified = new Webhook(secret).verify(last.body, { "webhook-id": last.headers["webhook-id"]!, "webhook-timestamp": last.headers["webhook-timestamp"]!, "webhook-signature": last.headers["webhook-signature"]! }) as { type: string; data: Record<string, unknown> };
    expect(verified.type).toBe("payment.posted");
    expect(verified.data).toMatchObject({ amountMinor: 100, reference: "R-2" });
    expect(() => new Webhook(secret).verify(`${last.body} `, { "webhook-id": last.headers["webhook-id"]!, "webhook-timestamp": last.headers["webhook-timestamp"]!, "webhook-signature": last.headers["webhook-signature"]! })).toThrow();

    const log = await listWebhookLog(testContext(t.db, admin, NOW), { clientId: client.id });
    expect(log.deliveries[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200, type: "payment.posted" });
    expect(log.endpoints[0]).toMatchObject({ url, active: true });
  });
});
