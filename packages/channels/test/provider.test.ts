import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PermanentChannelError, TransientChannelError } from "../src/errors";
import { createCallAdapter, createSmsAdapter } from "../src/provider/provider-adapter";
import { ProviderWebhookEvent } from "../src/provider/provider-api";
import { verifySignature } from "../src/signing";
import { verifyProviderWebhook } from "../src/provider/verify-provider-webhook";
import { startProviderSimulator, type ProviderSimulator } from "../src/sinks/provider-simulator";
import { startWebhookReceiver, waitFor } from "./helpers";

const apiKey = "test-api-key";
const signingSecret = "test-signing-secret-0123456789";

let sim: ProviderSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let sms: ReturnType<typeof createSmsAdapter>;
let call: ReturnType<typeof createCallAdapter>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startProviderSimulator({ port: 0, apiKey, signingSecret, webhookUrl: receiver.url, receiptDelayMs: 20, rejectNumber: (to) => to === "+15005550001" });
  sms = createSmsAdapter({ baseUrl: sim.url, apiKey, signingSecret, timeoutMs: 2000 });
  call = createCallAdapter({ baseUrl: sim.url, apiKey, signingSecret, timeoutMs: 2000 });
});

afterEach(() => {
  sim.failNext(0);
  sim.hangNext(0);
});

afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

const smsMsg = {
  channel: "sms" as const,
  to: "+14155550123",
  text: "Casebook: please call us back. Ref K7Q2-MX9P. Reply STOP to opt out.",
  referenceCode: "K7Q2-MX9P",
  language: "en",
};
const callMsg = {
  channel: "call" as const,
  to: "+8613800138000",
  text: "您好，这里是催收中心。参考编号 K7Q2-MX9P。",
  referenceCode: "K7Q2-MX9P",
  language: "zh-CN",
};

describe("SMS and voice through the provider API", () => {
  it("sends signed, authenticated SMS and call requests that the provider verifies", async () => {
    const s = await sms.send(smsMsg, { idempotencyKey: "dsp_sms_1" });
    const c = await call.send(callMsg, { idempotencyKey: "dsp_call_1" });
    expect(s.status).toBe("accepted");
    expect(s.providerMessageId).toMatch(/^SM/);
    expect(c.providerMessageId).toMatch(/^CA/);

    const recS = sim.requests().find((r) => r.idempotencyKey === "dsp_sms_1");
    const recC = sim.requests().find((r) => r.idempotencyKey === "dsp_call_1");
    expect(recS).toMatchObject({ channel: "sms", to: smsMsg.to, text: smsMsg.text, language: "en", providerMessageId: s.providerMessageId });
    expect(recC).toMatchObject({ channel: "call", to: callMsg.to, text: callMsg.text, language: "zh-CN" });
    expect(recS?.text).toContain("K7Q2-MX9P");
    // Independently re-verify what went over the wire.
    for (const r of [recS, recC]) {
      expect(verifySignature({ body: r?.rawBody, timestamp: r?.timestamp, signature: r?.signature, secret: signingSecret, now: new Date() })).toBe(true);
    }
  });

  it("the same idempotency key twice makes one record and returns the same id", async () => {
    const a = await sms.send(smsMsg, { idempotencyKey: "dsp_sms_dup" });
    const b = await sms.send(smsMsg, { idempotencyKey: "dsp_sms_dup" });
    expect(b.providerMessageId).toBe(a.providerMessageId);
    expect(sim.requests().filter((r) => r.idempotencyKey === "dsp_sms_dup")).toHaveLength(1);
    expect(sim.hits().filter((h) => h.idempotencyKey === "dsp_sms_dup" && h.replay)).toHaveLength(1);
    await sim.idle();
    expect(sim.webhooks().filter((w) => w.event.type === "receipt" && w.event.idempotencyKey === "dsp_sms_dup")).toHaveLength(1);
  });

  it("reusing a key for a different message is a permanent conflict", async () => {
    await sms.send(smsMsg, { idempotencyKey: "dsp_sms_conflict" });
    const err = await sms.send({ ...smsMsg, text: `${smsMsg.text} again` }, { idempotencyKey: "dsp_sms_conflict" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentChannelError);
    expect(err).toMatchObject({ code: "idempotency_conflict", status: 409 });
  });

  it("503 is transient and records nothing; the retry with the same key goes through once", async () => {
    sim.failNext(2);
    for (let i = 0; i < 2; i++) {
      const err = await sms.send(smsMsg, { idempotencyKey: "dsp_sms_503" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransientChannelError);
      expect(err).toMatchObject({ code: "provider_unavailable", status: 503, outcomeUnknown: false });
    }
    expect(sim.requests().some((r) => r.idempotencyKey === "dsp_sms_503")).toBe(false);
    await sms.send(smsMsg, { idempotencyKey: "dsp_sms_503" });
    expect(sim.requests().filter((r) => r.idempotencyKey === "dsp_sms_503")).toHaveLength(1);
  });

  it("other 5xx are transient with an unknown outcome", async () => {
    sim.failNext(1, 502);
    await expect(sms.send(smsMsg, { idempotencyKey: "dsp_sms_502" })).rejects.toMatchObject({ name: "TransientChannelError", status: 502, outcomeUnknown: true });
  });

  it("400 from the provider is permanent", async () => {
    sim.failNext(1, 400);
    const err = await sms.send(smsMsg, { idempotencyKey: "dsp_sms_400" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentChannelError);
    expect(err).toMatchObject({ status: 400, code: "rejected" });
  });

  it("a number the provider refuses is recipient_rejected, with the provider's reason", async () => {
    const err = await sms.send({ ...smsMsg, to: "+15005550001" }, { idempotencyKey: "dsp_sms_badnum" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentChannelError);
    expect(err).toMatchObject({ code: "recipient_rejected", status: 400, reason: "invalid_number" });
    expect(String((err as Error).message)).not.toContain("5005550001");
  });

  it("a wrong API key or signing secret is refused by the provider (401 → permanent)", async () => {
    const badKey = createSmsAdapter({ baseUrl: sim.url, apiKey: "wrong", signingSecret });
    await expect(badKey.send(smsMsg, { idempotencyKey: "dsp_sms_401a" })).rejects.toMatchObject({ name: "PermanentChannelError", status: 401 });
    const badSecret = createSmsAdapter({ baseUrl: sim.url, apiKey, signingSecret: "another-secret-0123456789" });
    await expect(badSecret.send(smsMsg, { idempotencyKey: "dsp_sms_401b" })).rejects.toMatchObject({ name: "PermanentChannelError", status: 401 });
    const skewed = createSmsAdapter({ baseUrl: sim.url, apiKey, signingSecret, now: () => new Date(Date.now() - 3600_000) });
    await expect(skewed.send(smsMsg, { idempotencyKey: "dsp_sms_401c" })).rejects.toMatchObject({ status: 401 });
    expect(sim.hits().filter((h) => h.status === 401).length).toBeGreaterThanOrEqual(3);
    expect(sim.requests().some((r) => r.idempotencyKey.startsWith("dsp_sms_401"))).toBe(false);
  });

  it("a hung provider is a transient timeout with an unknown outcome; reconciling finds the message, and the retry does not duplicate it", async () => {
    const quick = createSmsAdapter({ baseUrl: sim.url, apiKey, signingSecret, timeoutMs: 300 });
    sim.hangNext(1);
    const err = await quick.send(smsMsg, { idempotencyKey: "dsp_sms_hang" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientChannelError);
    expect(err).toMatchObject({ code: "timeout", outcomeUnknown: true });

    const found = await quick.lookup?.("dsp_sms_hang");
    expect(found).toMatchObject({ found: true });
    const again = await quick.send(smsMsg, { idempotencyKey: "dsp_sms_hang" });
    expect(sim.requests().filter((r) => r.idempotencyKey === "dsp_sms_hang")).toHaveLength(1);
    expect(found && found.found && found.providerMessageId).toBe(again.providerMessageId);
    expect(await quick.lookup?.("dsp_never_sent")).toEqual({ found: false });
  });

  it("a hang that accepts nothing leaves nothing to find", async () => {
    const quick = createCallAdapter({ baseUrl: sim.url, apiKey, signingSecret, timeoutMs: 200 });
    sim.hangNext(1, { accept: false });
    await expect(quick.send(callMsg, { idempotencyKey: "dsp_call_hang" })).rejects.toMatchObject({ code: "timeout" });
    expect(await quick.lookup?.("dsp_call_hang")).toEqual({ found: false });
  });

  it("an unreachable provider is transient and known not to have been sent", async () => {
    const other = await startProviderSimulator({ port: 0, apiKey, signingSecret });
    const url = other.url;
    await other.close();
    const down = createSmsAdapter({ baseUrl: url, apiKey, signingSecret, timeoutMs: 1000 });
    await expect(down.send(smsMsg, { idempotencyKey: "dsp_sms_down" })).rejects.toMatchObject({ name: "TransientChannelError", code: "network", outcomeUnknown: false });
  });

  it("refuses invalid numbers and bodies without the reference before any request", async () => {
    const before = sim.hits().length;
    await expect(sms.send({ ...smsMsg, to: "4155550123" }, { idempotencyKey: "dsp_sms_bad" })).rejects.toMatchObject({ code: "invalid_message" });
    await expect(sms.send({ ...smsMsg, text: "no reference" }, { idempotencyKey: "dsp_sms_bad" })).rejects.toMatchObject({ code: "reference_missing" });
    // The hand check of plain SMS messages (validate-message.ts) refuses what the schema refuses.
    await expect(sms.send({ ...smsMsg, text: `${smsMsg.text} ${"x".repeat(1600)}` }, { idempotencyKey: "dsp_sms_bad" })).rejects.toMatchObject({ code: "invalid_message" });
    await expect(sms.send({ ...smsMsg, language: "english!" }, { idempotencyKey: "dsp_sms_bad" })).rejects.toMatchObject({ code: "invalid_message" });
    await expect(sms.send({ ...smsMsg, referenceCode: "K7" }, { idempotencyKey: "dsp_sms_bad" })).rejects.toMatchObject({ code: "invalid_message" });
    await expect(sms.send({ ...smsMsg, to: "+04155550123" }, { idempotencyKey: "dsp_sms_bad" })).rejects.toMatchObject({ code: "invalid_message" });
    await expect(sms.send(smsMsg, { idempotencyKey: "../etc/passwd" })).rejects.toMatchObject({ code: "invalid_idempotency_key" });
    await expect(sms.send({ ...smsMsg, channel: "call" } as never, { idempotencyKey: "dsp_sms_bad" })).rejects.toMatchObject({ code: "wrong_channel" });
    expect(sim.hits().length).toBe(before);
  });

  it("posts signed delivery receipts to the webhook, including failures", async () => {
    sim.setDeliveryOutcome((r) => (r.to.endsWith("0999") ? { status: "failed", error: "unreachable" } : { status: "delivered" }));
    const ok = await sms.send(smsMsg, { idempotencyKey: "dsp_sms_receipt" });
    const bad = await sms.send({ ...smsMsg, to: "+14155550999" }, { idempotencyKey: "dsp_sms_receipt_fail" });
    await sim.idle();
    const events = receiver.posts.map((p) => {
      expect(
        verifySignature({ body: p.body, timestamp: p.headers["x-timestamp"] as string, signature: p.headers["x-signature"] as string, secret: signingSecret, now: new Date() }),
      ).toBe(true);
      return ProviderWebhookEvent.parse(JSON.parse(p.body));
    });
    expect(events).toContainEqual(expect.objectContaining({ type: "receipt", providerMessageId: ok.providerMessageId, idempotencyKey: "dsp_sms_receipt", status: "delivered", channel: "sms" }));
    expect(events).toContainEqual(expect.objectContaining({ providerMessageId: bad.providerMessageId, status: "failed", error: "unreachable" }));
    expect(await sms.lookup?.("dsp_sms_receipt_fail")).toMatchObject({ found: true, status: "failed" });
    const first = receiver.posts[0];
    const headers = { timestamp: first?.headers["x-timestamp"] as string, signature: first?.headers["x-signature"] as string };
    expect(verifyProviderWebhook({ body: first?.body, ...headers, secret: signingSecret, now: new Date() })).toMatchObject({ ok: true, event: { type: "receipt" } });
    expect(verifyProviderWebhook({ body: `${first?.body} `, ...headers, secret: signingSecret, now: new Date() })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyProviderWebhook({ body: first?.body, ...headers, secret: "", now: new Date() })).toEqual({ ok: false, reason: "bad_signature" });
    sim.setDeliveryOutcome(() => ({ status: "delivered" }));
  });

  it("retries a webhook the receiver failed with 5xx", async () => {
    receiver.setStatus(500);
    await sms.send(smsMsg, { idempotencyKey: "dsp_sms_retry_hook" });
    await waitFor(() => sim.webhooks().find((w) => w.event.type === "receipt" && w.event.idempotencyKey === "dsp_sms_retry_hook" && w.attempts >= 2));
    receiver.setStatus(200);
    await sim.idle();
    const post = sim.webhooks().find((w) => w.event.type === "receipt" && w.event.idempotencyKey === "dsp_sms_retry_hook");
    expect(post?.ok).toBe(true);
    expect(post?.attempts).toBeGreaterThanOrEqual(2);
    // Every attempt carried the same event id (the receiver's dedup key).
    const bodies = receiver.posts.map((p) => JSON.parse(p.body)).filter((e) => e.idempotencyKey === "dsp_sms_retry_hook");
    expect(bodies.length).toBe(post?.attempts);
    expect(new Set(bodies.map((e) => e.eventId)).size).toBe(1);
  });

  it("simulates a signed inbound SMS reply", async () => {
    const post = await sim.simulateInbound({ from: "+14155550123", to: "+14155559999", text: "STOP" });
    expect(post.ok).toBe(true);
    const last = receiver.posts.at(-1);
    expect(last).toBeDefined();
    expect(verifySignature({ body: last?.body, timestamp: last?.headers["x-timestamp"] as string, signature: last?.headers["x-signature"] as string, secret: signingSecret, now: new Date() })).toBe(true);
    expect(ProviderWebhookEvent.parse(JSON.parse(last?.body ?? ""))).toMatchObject({ type: "inbound", from: "+14155550123", text: "STOP" });
    const zh = await sim.simulateInbound({ from: "+8613800138000", to: "+8610690000", text: "退订" });
    expect(JSON.parse(receiver.posts.at(-1)?.body ?? "")).toMatchObject({ type: "inbound", text: "退订", providerMessageId: zh.event.providerMessageId });
  });
});
