import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { createApiKey, domainContext, revokeApiKey, type Actor } from "@casebook/domain";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, testInfra, type TestDatabase } from "@casebook/domain/testing";
import { appInfra, appProducer } from "@/lib/infra";
import { closeApiRateLimiter } from "../rate-limit";

// The API's tests run the route handlers against a fresh database (createTestDatabase) and the real
// Redis under their own key prefix: the env is set before the app's infrastructure is first built.

export interface ApiFixture {
  t: TestDatabase;
  admin: Actor;
  clientA: { id: string; key: string; readOnlyKey: string; revokedKey: string; caseId: string; accountReference: string; accountId: string };
  clientB: { id: string; key: string; caseId: string; accountReference: string; accountId: string };
}

export async function apiFixture(options: { rateLimit?: number } = {}): Promise<ApiFixture> {
  const t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.CASEBOOK_QUEUE_PREFIX = `test-api-${randomBytes(4).toString("hex")}`;
  process.env.API_RATE_LIMIT = String(options.rateLimit ?? 10_000);
  const team = await makeTeam(t.db);
  const user = await makeUser(t.db, { role: "admin" });
  const admin: Actor = { kind: "user", userId: user.id, role: "admin", teamId: null, label: "test-admin" };
  const ctx = domainContext(testInfra(t.db), admin);
  const a = await makeClient(t.db);
  const b = await makeClient(t.db);
  const caseA = await makeCase(t.db, { clientId: a.id, teamId: team.id });
  const caseB = await makeCase(t.db, { clientId: b.id, teamId: team.id });
  const keyA = await createApiKey(ctx, { clientId: a.id, name: "A", scopes: ["accounts:read", "accounts:write"] });
  const readOnly = await createApiKey(ctx, { clientId: a.id, name: "A read", scopes: ["accounts:read"] });
  const revoked = await createApiKey(ctx, { clientId: a.id, name: "A revoked", scopes: ["accounts:read", "accounts:write"] });
  await revokeApiKey(ctx, { keyId: revoked.keyId });
  const keyB = await createApiKey(ctx, { clientId: b.id, name: "B", scopes: ["accounts:read", "accounts:write"] });
  return {
    t, admin,
    clientA: { id: a.id, key: keyA.key, readOnlyKey: readOnly.key, revokedKey: revoked.key, caseId: caseA.id, accountReference: caseA.accounts[0]!.clientReference, accountId: caseA.accounts[0]!.id },
    clientB: { id: b.id, key: keyB.key, caseId: caseB.id, accountReference: caseB.accounts[0]!.clientReference, accountId: caseB.accounts[0]!.id },
  };
}

/** A test file's teardown: the Redis connections and the pool its handlers opened, then its database. */
export async function closeApiFixture(f: ApiFixture): Promise<void> {
  await closeApiRateLimiter();
  await appProducer().close();
  await appInfra().close();
  await f.t.drop();
}

/** A test file's fixture, built before its first test and torn down after its last. */
export function withApiFixture(options: { rateLimit?: number } = {}): ApiFixture {
  const f = {} as ApiFixture;
  beforeAll(async () => {
    Object.assign(f, await apiFixture(options));
  }, 60_000);
  afterAll(() => closeApiFixture(f));
  return f;
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler as Next would: a Request and its decoded path parameters. */
export async function call(handler: Handler, options: { method?: string; path: string; key?: string; body?: unknown; rawBody?: BodyInit; idempotencyKey?: string | null; params?: Record<string, string>; headers?: Record<string, string> }) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const method = options.method ?? (options.body !== undefined || options.rawBody !== undefined ? "POST" : "GET");
  if (method === "POST") {
    headers["content-type"] ??= "application/json";
    if (options.idempotencyKey !== null) headers["idempotency-key"] = options.idempotencyKey ?? randomBytes(8).toString("hex");
  }
  const response = await handler(
    new Request(`http://localhost${options.path}`, { method, headers, body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)), duplex: "half" } as RequestInit),
    { params: Promise.resolve(options.params ?? {}) },
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
