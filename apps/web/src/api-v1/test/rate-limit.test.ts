import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { GET as getAccount } from "@/app/api/v1/accounts/[accountReference]/route";
import { apiFixture, call, closeApiFixture, type ApiFixture } from "./fixture";

// The handler stores uploaded files (lib/imports/import-files.ts, server-only): plain Node here.
vi.mock("server-only", () => ({}));

// Rate limits per key, in Redis: a key over its limit gets 429 with Retry-After; another key of the
// same client, and another client's key, are counted on their own.
let f: ApiFixture;
beforeAll(async () => {
  f = await apiFixture({ rateLimit: 3 });
}, 60_000);
afterAll(() => closeApiFixture(f));

it("answers 429 problem details with Retry-After past the key's limit, and counts each key apart", async () => {
  const read = (key: string, ref: string) => call(getAccount, { path: `/api/v1/accounts/${ref}`, key, params: { accountReference: ref } });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await read(f.clientA.key, f.clientA.accountReference)).status);
  expect(statuses).toEqual([200, 200, 200, 429]);
  const limited = await read(f.clientA.key, f.clientA.accountReference);
  expect(limited.status).toBe(429);
  expect(limited.body).toMatchObject({ code: "rate_limited", status: 429 });
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await read(f.clientA.readOnlyKey, f.clientA.accountReference)).status).toBe(200);
  expect((await read(f.clientB.key, f.clientB.accountReference)).status).toBe(200);
});
