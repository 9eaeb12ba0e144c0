import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSignatureHeaders, signPayload, verifySignature } from "../src/signing";

const secret = "test-signing-secret-0123456789";
const body = JSON.stringify({ type: "receipt", providerMessageId: "SM1", status: "delivered" });
const now = new Date("2026-11-23T10:00:00Z");
const ts = Math.floor(now.getTime() / 1000);
const timestamp = String(ts);
const signature = signPayload({ body, secret, timestamp: ts });

describe("verifySignature", () => {
  it("accepts a body signed with the secret", () => {
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifySignature({ body, timestamp, signature, secret, now })).toBe(true);
    expect(verifySignature({ body: Buffer.from(body), timestamp, signature, secret, now })).toBe(true);
  });

  it("matches the documented scheme: hex HMAC-SHA256 over `${timestamp}.${body}`", () => {
    const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
    expect(signature).toBe(`v1=${expected}`);
  });

  it("rejects a tampered body, timestamp or signature", () => {
    expect(verifySignature({ body: body.replace("delivered", "failed"), timestamp, signature, secret, now })).toBe(false);
    expect(verifySignature({ body, timestamp: String(ts + 1), signature, secret, now })).toBe(false);
    const flipped = signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");
    expect(verifySignature({ body, timestamp, signature: flipped, secret, now })).toBe(false);
    expect(verifySignature({ body, timestamp, signature, secret: `${secret}x`, now })).toBe(false);
  });

  it("rejects missing, empty and malformed headers", () => {
    for (const bad of [undefined, null, "", "v1=", "v1=zz", signature.slice(3), `v2=${signature.slice(3)}`, `${signature}00`, " ", "v1=" + "0".repeat(64)]) {
      expect(verifySignature({ body, timestamp, signature: bad, secret, now }), String(bad)).toBe(false);
    }
    for (const bad of [undefined, null, "", "abc", "1.5", "-1", `${timestamp} `, "1e9"]) {
      expect(verifySignature({ body, timestamp: bad, signature, secret, now }), String(bad)).toBe(false);
    }
    expect(verifySignature({ body: undefined, timestamp, signature, secret, now })).toBe(false);
    expect(verifySignature({ body: null, timestamp, signature, secret, now })).toBe(false);
  });

  it("fails closed without a secret", () => {
    for (const bad of [undefined, null, ""]) {
      expect(verifySignature({ body, timestamp, signature, secret: bad, now })).toBe(false);
    }
    // Even a signature computed with the empty key does not pass.
    const emptyKeySig = `v1=${createHmac("sha256", "").update(`${timestamp}.${body}`).digest("hex")}`;
    expect(verifySignature({ body, timestamp, signature: emptyKeySig, secret: "", now })).toBe(false);
  });

  it("rejects stale and future timestamps outside the tolerance", () => {
    const later = new Date(now.getTime() + 301_000);
    expect(verifySignature({ body, timestamp, signature, secret, now: later })).toBe(false);
    expect(verifySignature({ body, timestamp, signature, secret, now: later, toleranceSeconds: 600 })).toBe(true);
    const earlier = new Date(now.getTime() - 301_000);
    expect(verifySignature({ body, timestamp, signature, secret, now: earlier })).toBe(false);
    expect(verifySignature({ body, timestamp, signature, secret, now: new Date(Number.NaN) })).toBe(false);
    expect(verifySignature({ body, timestamp, signature, secret, now, toleranceSeconds: Number.NaN })).toBe(false);
  });

  it("accepts any of several v1 signatures (secret rotation)", () => {
    const old = signPayload({ body, secret: "old-secret-0123456789", timestamp: ts });
    expect(verifySignature({ body, timestamp, signature: `${old},${signature}`, secret, now })).toBe(true);
    expect(verifySignature({ body, timestamp, signature: `${old},garbage`, secret, now })).toBe(false);
  });

  it("never throws on hostile input", () => {
    const hostile = { body: 42, timestamp: {}, signature: [], secret: 7, now: "yesterday" } as unknown as Parameters<typeof verifySignature>[0];
    expect(verifySignature(hostile)).toBe(false);
  });

  it("createSignatureHeaders produces headers that verify", () => {
    const headers = createSignatureHeaders({ body, secret, timestamp: ts });
    expect(verifySignature({ body, timestamp: headers["X-Timestamp"], signature: headers["X-Signature"], secret, now })).toBe(true);
  });

  it("signPayload refuses to sign without a secret", () => {
    expect(() => signPayload({ body, secret: "" })).toThrow();
  });
});

describe("verifyProviderWebhook", () => {
  it("returns the event only when the signature verifies and the payload is well formed", async () => {
    const { verifyProviderWebhook } = await import("../src/provider/verify-provider-webhook");
    const event = JSON.stringify({ type: "inbound", eventId: "evt_1", providerMessageId: "IN1", from: "+14155550123", to: "+14155559999", text: "STOP", at: now.toISOString() });
    const sig = signPayload({ body: event, secret, timestamp: ts });
    expect(verifyProviderWebhook({ body: event, timestamp, signature: sig, secret, now })).toMatchObject({ ok: true, event: { type: "inbound", text: "STOP" } });
    const junk = JSON.stringify({ type: "inbound", text: "STOP" });
    expect(verifyProviderWebhook({ body: junk, timestamp, signature: signPayload({ body: junk, secret, timestamp: ts }), secret, now })).toEqual({ ok: false, reason: "bad_payload" });
    expect(verifyProviderWebhook({ body: "not json", timestamp, signature: signPayload({ body: "not json", secret, timestamp: ts }), secret, now })).toEqual({ ok: false, reason: "bad_payload" });
    expect(verifyProviderWebhook({ body: event, timestamp, signature: undefined, secret, now })).toEqual({ ok: false, reason: "bad_signature" });
  });
});
