import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listAccounts } from "@/app/api/v1/accounts/route";
import { GET as getAccount } from "@/app/api/v1/accounts/[accountReference]/route";
import { GET as getHistory } from "@/app/api/v1/accounts/[accountReference]/history/route";
import { POST as recall } from "@/app/api/v1/accounts/[accountReference]/recall/route";
import { POST as dispute } from "@/app/api/v1/accounts/[accountReference]/disputes/route";
import { POST as hold } from "@/app/api/v1/accounts/[accountReference]/holds/route";
import { POST as placement } from "@/app/api/v1/placements/route";
import { POST as payment } from "@/app/api/v1/payments/route";
import { POST as reversal } from "@/app/api/v1/payments/[paymentId]/reversals/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { makeCase } from "@casebook/domain/testing";
import { apiFixture, call, closeApiFixture, type ApiFixture } from "./fixture";

// The handler stores uploaded files (lib/imports/import-files.ts, server-only): plain Node here.
vi.mock("server-only", () => ({}));

// Issue 16, REST API v1 against a real database and Redis: keys, scopes, problems, idempotency, one
// client never reaching another's accounts (one test per endpoint).
let f: ApiFixture;
beforeAll(async () => {
  f = await apiFixture();
}, 60_000);
afterAll(() => closeApiFixture(f));

const placementBody = (reference: string, overrides: Record<string, unknown> = {}) => ({
  accountReference: reference, currency: "USD", balanceMinor: 50_000, dueDate: "2026-06-01", fullName: "Dana Reyes", country: "US",
  region: "NY", postalCode: "11215", phone: "(212) 555-0100", email: "Dana@Example.com", ...overrides,
});

describe("keys", () => {
  it("refuses a request without a key, with an unknown key and with a revoked key (401 problem)", async () => {
    const path = `/api/v1/accounts/${f.clientA.accountReference}`;
    const params = { accountReference: f.clientA.accountReference };
    for (const key of [undefined, "cbk_nope_nope", f.clientA.revokedKey]) {
      const r = await call(getAccount, { path, key, params });
      expect(r.status).toBe(401);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.body).toMatchObject({ status: 401, code: "unauthorized", type: "/api/v1/reference#problem-unauthorized" });
    }
  });

  it("refuses a write with a read-only key (403) and records the key's last use", async () => {
    const r = await call(placement, { path: "/api/v1/placements", key: f.clientA.readOnlyKey, body: placementBody("RO-1") });
    expect(r.status).toBe(403);
    const [row] = await f.t.sql`select last_used_at from api_keys where client_id = ${f.clientA.id} and 'accounts:write' <> all(scopes)`;
    expect(row!.last_used_at).not.toBeNull();
  });

  it("answers rate-limit headers on every authenticated response", async () => {
    const r = await call(getAccount, { path: "/api/v1/accounts/x", key: f.clientA.key, params: { accountReference: f.clientA.accountReference } });
    expect(r.status).toBe(200);
    expect(Number(r.headers.get("ratelimit-limit"))).toBe(10_000);
    expect(Number(r.headers.get("ratelimit-remaining"))).toBeLessThan(10_000);
  });
});

describe("placements", () => {
  it("places an account, then updates it on a second placement of the reference (no duplicate; the balance change is a ledger row)", async () => {
    const first = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: placementBody("API-PL-1") });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ accountReference: "API-PL-1", created: true, balanceChanged: false });
    const second = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: placementBody("API-PL-1", { balanceMinor: 45_000 }) });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ accountReference: "API-PL-1", created: false, balanceChanged: true });
    const rows = await f.t.sql`select a.id, a.balance_minor, a.placed_balance_minor from accounts a where a.client_id = ${f.clientA.id} and a.client_reference = 'API-PL-1'`;
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.balance_minor)).toBe(45_000);
    const [adj] = await f.t.sql`select from_minor, to_minor, delta_minor from balance_adjustments where account_id = ${rows[0]!.id}`;
    expect(adj).toMatchObject({ from_minor: "50000", to_minor: "45000", delta_minor: "-5000" });
    const [cp] = await f.t.sql`select value from contact_points cp join accounts a on a.person_id = cp.person_id where a.id = ${rows[0]!.id} and cp.kind = 'phone'`;
    expect(cp!.value).toBe("+12125550100");
    const audits = await f.t.sql`select action from audit_events where entity_id = ${rows[0]!.id} order by at`;
    expect(audits.map((a) => a.action)).toEqual(["placement.create", "placement.update"]);
  });

  it("names every invalid field as an RFC 9457 problem (400)", async () => {
    const r = await call(placement, {
      path: "/api/v1/placements", key: f.clientA.key,
      body: placementBody("API-BAD", { currency: "XYZ", dueDate: "2026-02-31", chargeOffDate: "2099-01-01", region: "ZZ", postalCode: "1", phone: "12" }),
    });
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    const byField = Object.fromEntries((r.body.errors as Array<{ field: string; code: string; pointer: string }>).map((e) => [e.field, e.code]));
    expect(byField).toMatchObject({ currency: "currency_unknown", dueDate: "date_invalid", chargeOffDate: "charge_off_future", region: "us_state_invalid", postalCode: "zip_invalid", phone: "phone_invalid" });
  });

  it("refuses negative and non-numeric amounts with their field", async () => {
    const neg = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: placementBody("API-NEG", { balanceMinor: -5 }) });
    expect(neg.status).toBe(400);
    expect(neg.body.errors[0]).toMatchObject({ field: "balanceMinor", pointer: "/balanceMinor" });
    const text = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: placementBody("API-NAN", { balanceMinor: "12.50" }) });
    expect(text.status).toBe(400);
    expect(text.body.errors[0]).toMatchObject({ field: "balanceMinor", code: "invalid_input" });
  });

  it("refuses a body over the size limit (413) before parsing it", async () => {
    const r = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, rawBody: JSON.stringify(placementBody("BIG", { addressLine: "x".repeat(70_000) })) });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("payload_too_large");
  });

  it("requires an Idempotency-Key on every POST", async () => {
    const r = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: placementBody("NO-KEY"), idempotencyKey: null });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ field: "Idempotency-Key", code: "required" });
  });

  it("answers a replayed Idempotency-Key with the first answer, and a different body under it with 422", async () => {
    const body = placementBody("IDEM-1");
    const first = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body, idempotencyKey: "idem-1" });
    const again = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body, idempotencyKey: "idem-1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: { ...body, balanceMinor: 1 }, idempotencyKey: "idem-1" });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_mismatch");
    // Another client's use of the same key string is its own.
    const b = await call(placement, { path: "/api/v1/placements", key: f.clientB.key, body: { ...body, balanceMinor: 1 }, idempotencyKey: "idem-1" });
    expect(b.status).toBe(201);
  });
});

describe("accounts, payments, reversals", () => {
  it("lists the client's own accounts by cursor, never another client's", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: Awaited<ReturnType<typeof call>> = await call(listAccounts, { path: `/api/v1/accounts?limit=2${cursor ? `&cursor=${cursor}` : ""}`, key: f.clientA.key });
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((a: { accountReference: string }) => a.accountReference));
      cursor = r.body.nextCursor;
    } while (cursor);
    const [{ n }] = await f.t.sql`select count(*)::int as n from accounts where client_id = ${f.clientA.id}` as unknown as [{ n: number }];
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    expect(seen).not.toContain(f.clientB.accountReference);
    const bad = await call(listAccounts, { path: "/api/v1/accounts?cursor=%%%", key: f.clientA.key });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("cursor");
  });

  it("posts a payment once per external reference and reverses it, reopening the paid-off account", async () => {
    const ref = f.clientA.accountReference;
    const [acct] = await f.t.sql`select balance_minor from accounts where id = ${f.clientA.accountId}`;
    const balance = Number(acct!.balance_minor);
    const body = { accountReference: ref, amountMinor: balance, currency: "USD", method: "ach", reference: "BANK-TX-1" };
    const first = await call(payment, { path: "/api/v1/payments", key: f.clientA.key, body });
    expect(first.status).toBe(201);
    const dup = await call(payment, { path: "/api/v1/payments", key: f.clientA.key, body });
    expect(dup.status).toBe(200);
    expect(dup.body).toMatchObject({ paymentId: first.body.paymentId, duplicate: true });
    const paid = await call(getAccount, { path: `/api/v1/accounts/${ref}`, key: f.clientA.key, params: { accountReference: ref } });
    expect(paid.body).toMatchObject({ status: "paid", balanceMinor: 0, closeCode: "paid_in_full" });

    const rev = await call(reversal, { path: `/api/v1/payments/${first.body.paymentId}/reversals`, key: f.clientA.key, body: { reason: "chargeback" }, params: { paymentId: first.body.paymentId } });
    expect(rev.status).toBe(200);
    expect(rev.body).toEqual({ paymentId: first.body.paymentId, status: "reversed", reopenedAccounts: 1 });
    const reopened = await call(getAccount, { path: `/api/v1/accounts/${ref}`, key: f.clientA.key, params: { accountReference: ref } });
    expect(reopened.body).toMatchObject({ status: "active", balanceMinor: balance, closeCode: null });
    const again = await call(reversal, { path: `/api/v1/payments/${first.body.paymentId}/reversals`, key: f.clientA.key, body: { reason: "chargeback" }, params: { paymentId: first.body.paymentId } });
    expect(again.status).toBe(409);

    const history = await call(getHistory, { path: `/api/v1/accounts/${ref}/history?limit=2`, key: f.clientA.key, params: { accountReference: ref } });
    expect(history.status).toBe(200);
    expect(history.body.data).toHaveLength(2);
    expect(history.body.data[0].kind).toBe("payment.reversed");
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const r: Awaited<ReturnType<typeof call>> = await call(getHistory, { path: `/api/v1/accounts/${ref}/history?limit=2${cursor ? `&cursor=${cursor}` : ""}`, key: f.clientA.key, params: { accountReference: ref } });
      all.push(...r.body.data.map((e: { kind: string }) => e.kind));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(expect.arrayContaining(["account.placed", "payment.posted", "payment.reversed"]));
    const audits = await f.t.sql`select action, actor_kind from audit_events where entity_id = ${first.body.paymentId} order by at`;
    expect(audits.map((a) => `${a.actor_kind}:${a.action}`)).toEqual(["api:payment.post", "api:payment.reverse"]);
  });

  it("recalls an account: closed and its case's outreach stopped at once", async () => {
    await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: placementBody("RECALL-1") });
    const r = await call(recall, { path: "/api/v1/accounts/RECALL-1/recall", key: f.clientA.key, body: { reason: "client request" }, params: { accountReference: "RECALL-1" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accountReference: "RECALL-1", status: "recalled", closeCode: "recalled", recalled: true });
    const [c] = await f.t.sql`select c.status from cases c join accounts a on a.case_id = c.id where a.client_reference = 'RECALL-1'`;
    expect(c!.status).toBe("closed");
  });

  it("recalls one account of a two-account case: the case stays open for the other", async () => {
    const two = await makeCase(f.t.db, { clientId: f.clientA.id, accounts: [{}, {}] });
    const ref = two.accounts[0]!.clientReference;
    const r = await call(recall, { path: `/api/v1/accounts/${ref}/recall`, key: f.clientA.key, body: {}, params: { accountReference: ref } });
    expect(r.body).toMatchObject({ status: "recalled", recalled: true });
    const [c] = await f.t.sql`select status from cases where id = ${two.id}`;
    expect(c!.status).toBe("open");
  });

  it("opens a dispute and places a hold through the console's verbs (audited as the API)", async () => {
    await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: placementBody("DISP-1") });
    const d = await call(dispute, { path: "/api/v1/accounts/DISP-1/disputes", key: f.clientA.key, body: { ground: "amount", reason: "debtor says the fees are wrong" }, params: { accountReference: "DISP-1" } });
    expect(d.status).toBe(201);
    const h = await call(hold, { path: "/api/v1/accounts/DISP-1/holds", key: f.clientA.key, body: { kind: "bankruptcy" }, params: { accountReference: "DISP-1" } });
    expect(h.status).toBe(400);
    expect(h.body.errors[0].field).toBe("bankruptcy");
    const h2 = await call(hold, { path: "/api/v1/accounts/DISP-1/holds", key: f.clientA.key, body: { kind: "bankruptcy", bankruptcy: { chapter: "7", filingDate: "2026-01-15" } }, params: { accountReference: "DISP-1" } });
    expect(h2.status).toBe(201);
    const acct = await call(getAccount, { path: "/api/v1/accounts/DISP-1", key: f.clientA.key, params: { accountReference: "DISP-1" } });
    expect(acct.body).toMatchObject({ status: "disputed", openDispute: true, onHold: true });
    // Another debtor's account knows nothing of this hold or dispute.
    const other = await call(getAccount, { path: "/api/v1/accounts/API-PL-1", key: f.clientA.key, params: { accountReference: "API-PL-1" } });
    expect(other.body).toMatchObject({ openDispute: false, onHold: false });
  });
});

describe("a key of client A never sees or changes client B's data", () => {
  const bRef = () => f.clientB.accountReference;
  const unchanged = async () => {
    const [a] = await f.t.sql`select status, balance_minor from accounts where id = ${f.clientB.accountId}`;
    expect(a).toMatchObject({ status: "active" });
    const [{ n }] = await f.t.sql`select count(*)::int as n from payments p join cases c on c.id = p.case_id where c.client_id = ${f.clientB.id}` as unknown as [{ n: number }];
    const [{ d }] = await f.t.sql`select count(*)::int as d from disputes where account_id = ${f.clientB.accountId}` as unknown as [{ d: number }];
    const [{ h }] = await f.t.sql`select count(*)::int as h from holds where case_id = ${f.clientB.caseId}` as unknown as [{ h: number }];
    expect({ n, d, h }).toEqual({ n: 0, d: 0, h: 0 });
  };

  it("GET /accounts/{ref}: 404", async () => {
    const r = await call(getAccount, { path: `/api/v1/accounts/${bRef()}`, key: f.clientA.key, params: { accountReference: bRef() } });
    expect(r.status).toBe(404);
  });
  it("GET /accounts/{ref}/history: 404", async () => {
    const r = await call(getHistory, { path: `/api/v1/accounts/${bRef()}/history`, key: f.clientA.key, params: { accountReference: bRef() } });
    expect(r.status).toBe(404);
  });
  it("GET /accounts: only A's", async () => {
    const r = await call(listAccounts, { path: "/api/v1/accounts?limit=200", key: f.clientA.key });
    expect(r.body.data.map((a: { accountReference: string }) => a.accountReference)).not.toContain(bRef());
  });
  it("POST /payments: 404, nothing posted", async () => {
    const r = await call(payment, { path: "/api/v1/payments", key: f.clientA.key, body: { accountReference: bRef(), amountMinor: 100, currency: "USD", method: "ach", reference: "X-1" } });
    expect(r.status).toBe(404);
    await unchanged();
  });
  it("POST /payments/{id}/reversals: 404 for B's payment, still posted", async () => {
    const posted = await call(payment, { path: "/api/v1/payments", key: f.clientB.key, body: { accountReference: bRef(), amountMinor: 100, currency: "USD", method: "ach", reference: "B-PAY-1" } });
    expect(posted.status).toBe(201);
    const r = await call(reversal, { path: `/api/v1/payments/${posted.body.paymentId}/reversals`, key: f.clientA.key, body: { reason: "nsf" }, params: { paymentId: posted.body.paymentId } });
    expect(r.status).toBe(404);
    const [p] = await f.t.sql`select status from payments where id = ${posted.body.paymentId}`;
    expect(p!.status).toBe("posted");
    await f.t.sql`delete from payment_allocations where payment_id = ${posted.body.paymentId}`;
    await f.t.sql`delete from payments where id = ${posted.body.paymentId}`;
    await f.t.sql`update accounts set balance_minor = placed_balance_minor where id = ${f.clientB.accountId}`;
  });
  it("POST /accounts/{ref}/recall: 404, B's account still active", async () => {
    const r = await call(recall, { path: `/api/v1/accounts/${bRef()}/recall`, key: f.clientA.key, body: {}, params: { accountReference: bRef() } });
    expect(r.status).toBe(404);
    await unchanged();
  });
  it("POST /accounts/{ref}/disputes: 404, no dispute", async () => {
    const r = await call(dispute, { path: `/api/v1/accounts/${bRef()}/disputes`, key: f.clientA.key, body: { reason: "not mine at all" }, params: { accountReference: bRef() } });
    expect(r.status).toBe(404);
    await unchanged();
  });
  it("POST /accounts/{ref}/holds: 404, no hold", async () => {
    const r = await call(hold, { path: `/api/v1/accounts/${bRef()}/holds`, key: f.clientA.key, body: { kind: "cease" }, params: { accountReference: bRef() } });
    expect(r.status).toBe(404);
    await unchanged();
  });
  it("POST /placements with B's reference creates A's own account, B's untouched", async () => {
    const r = await call(placement, { path: "/api/v1/placements", key: f.clientA.key, body: placementBody(bRef(), { balanceMinor: 1 }) });
    expect(r.status).toBe(201);
    const [b] = await f.t.sql`select client_id, placed_balance_minor from accounts where id = ${f.clientB.accountId}`;
    expect(b).toMatchObject({ client_id: f.clientB.id, placed_balance_minor: "123456" });
  });
});

describe("OpenAPI", () => {
  it("serves a 3.1 document with every operation and the schemas it validates with", async () => {
    const doc = await (openapi()).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/v1/accounts", "/api/v1/accounts/{accountReference}", "/api/v1/accounts/{accountReference}/disputes", "/api/v1/accounts/{accountReference}/history",
      "/api/v1/accounts/{accountReference}/holds", "/api/v1/accounts/{accountReference}/recall", "/api/v1/imports/{importId}", "/api/v1/imports/{importId}/quarantine", "/api/v1/payments", "/api/v1/payments/files", "/api/v1/payments/{paymentId}/reversals", "/api/v1/placements", "/api/v1/placements/files",
    ]);
    expect(doc.components.schemas.PlacementRequest.required).toEqual(expect.arrayContaining(["accountReference", "balanceMinor", "currency"]));
    expect(doc.paths["/api/v1/placements"].post.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/PlacementRequest");
    expect(doc.paths["/api/v1/placements"].post.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
  });
});
