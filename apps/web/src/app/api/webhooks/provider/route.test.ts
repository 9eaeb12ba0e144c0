import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST } from "./route";

// Issue 10: an oversized webhook body is refused before it is read (413), and only then is the
// signature checked (401 for a small unsigned one).
describe("POST /api/webhooks/provider", () => {
  const before = process.env.PROVIDER_SIGNING_SECRET;
  beforeEach(() => {
    process.env.PROVIDER_SIGNING_SECRET = "test-signing-secret-test-signing-secret";
  });
  afterEach(() => {
    process.env.PROVIDER_SIGNING_SECRET = before;
  });

  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    POST(new Request("http://localhost/api/webhooks/provider", { method: "POST", body, headers, duplex: "half" } as RequestInit));

  it("answers 413 to a declared body over 64 KB without reading it, signed or not", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
        if (pulled > 200) controller.close();
      },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await post(stream, { "content-length": String(200 * 1024), "x-timestamp": ts, "x-signature": createHmac("sha256", "x").update("y").digest("hex") });
    expect(res.status).toBe(413);
    // The stream's pull ran at most for the first buffer the runtime asks for on construction.
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("answers 413 to a chunked body that grows past 64 KB", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(16 * 1024));
        if (pulled > 1000) controller.close();
      },
    });
    const res = await post(stream);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it("checks the signature of a body within the limit: unsigned is 401", async () => {
    const res = await post(JSON.stringify({ id: "evt_1", type: "receipt" }), { "content-type": "application/json" });
    expect(res.status).toBe(401);
  });
});
