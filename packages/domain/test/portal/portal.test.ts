import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSignatureHeaders } from "@casebook/channels/signing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import {
  applyPaymentCallback, chooseWrittenOnly, confirmPortalSignIn, createPaymentIntent, debtorActor, dispatchStep, getPortalView, openPortalDispute,
  resolvePortalSession, sendPortalCode, startPortalSignIn, systemActor, verifyReference,
} from "../../src";
import { recordingJobQueue, testContext } from "../../src/testing";
import { makeStep, makeUsDebtor } from "../outreach/factories";
import { SIGNING_SECRET, startHarness, type OutreachHarness } from "../outreach/setup";

// The debtor's side (issue 17) against a real database, the real SMS adapter and the provider simulator.
let h: OutreachHarness;
let uploads: string;
beforeAll(async () => {
  h = await startHarness();
  uploads = await mkdtemp(path.join(tmpdir(), "casebook-uploads-"));
});
afterAll(async () => {
  await h?.close();
  await rm(uploads, { recursive: true, force: true });
});

const NOON_NY = new Date("2026-03-03T17:00:00Z");
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

async function sentSms(debtor: Awaited<ReturnType<typeof makeUsDebtor>>) {
  const phone = debtor.person.contactPoints.find((p) => p.kind === "phone")!;
  const step = await makeStep(h.t.db, { caseId: debtor.case.id, personId: debtor.person.id, partyPersonId: debtor.person.id, accountIds: debtor.accountIds, channel: "sms", templateCode: "us_followup_sms", dueAt: NOON_NY });
  const r = await dispatchStep(h.ctx(NOON_NY), { stepId: step }, h.channels);
  expect(r.status).toBe("sent");
  const [attempt] = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, step));
  return { phone, referenceCode: attempt!.referenceCode };
}

async function signIn(debtor: Awaited<ReturnType<typeof makeUsDebtor>>, referenceCode: string, phone: string, at: Date) {
  const queue = recordingJobQueue();
  const ctx = testContext(h.t.db, systemActor("portal"), at, { enqueue: queue });
  const started = await startPortalSignIn(ctx, { identifier: referenceCode, secret: debtor.case.accounts[0]!.clientReference.slice(-4), channel: "sms" });
  expect(queue.portalCodes).toEqual([{ signInId: started.signInId, channel: "sms" }]);
  await sendPortalCode(ctx, { signInId: started.signInId }, h.channels);
  const text = h.sim.requests().filter((x) => x.to === phone).at(-1)!.text;
  const code = /\b(\d{6})\b/.exec(text)![1]!;
  return { signInId: started.signInId, code, ctx };
}

describe("/verify", () => {
  it("answers a genuine code with when, channel, collector and the callback number, nothing about the debt; unknown and expired codes the same shape", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const { referenceCode } = await sentSms(d);
    const ctx = h.ctx(new Date(NOON_NY.getTime() + 3_600_000));
    const genuine = await verifyReference(ctx, { code: referenceCode.toLowerCase() });
    expect(genuine).toMatchObject({ genuine: true, channel: "sms", callbackNumber: "+18005550100", staffNumber: expect.any(String), collectorName: expect.any(String) });
    expect(JSON.stringify(genuine)).not.toMatch(/balance|amount|\d{3,}\.\d{2}/i);
    const unknown = await verifyReference(ctx, { code: "ZZZZZZZZ" });
    const expired = await verifyReference(h.ctx(new Date(NOON_NY.getTime() + 200 * 86_400_000)), { code: referenceCode });
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(genuine).sort());
    expect(expired).toEqual(unknown);
    expect(unknown.genuine).toBe(false);
  });
});

describe("the portal", () => {
  it("signs in with the one-time code (hashed, attempt-limited, used once), shows the contacts, and a dispute stops the next step at the gate", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const { phone, referenceCode } = await sentSms(d);
    const at = new Date(NOON_NY.getTime() + 3_600_000);
    await expect(startPortalSignIn(testContext(h.t.db, systemActor("portal"), at), { identifier: referenceCode, secret: "0000", channel: "sms" })).rejects.toMatchObject({ key: "portal_identity_not_matched" });
    const { signInId, code, ctx } = await signIn(d, referenceCode, phone.value, at);
    const [row] = await h.t.db.select().from(s.portalSignIns).where(eq(s.portalSignIns.id, signInId));
    expect(row!.codeHash).not.toContain(code);
    const wrong = code === "000000" ? "111111" : "000000";
    await expect(confirmPortalSignIn(ctx, { signInId, code: wrong })).rejects.toMatchObject({ key: "portal_code_wrong" });
    const session = await confirmPortalSignIn(ctx, { signInId, code });
    await expect(confirmPortalSignIn(ctx, { signInId, code })).rejects.toMatchObject({ key: "portal_code_wrong" });
    expect(await resolvePortalSession({ db: h.t.db, now: at }, session.sessionId)).toMatchObject({ personId: d.person.id });
    expect(await resolvePortalSession({ db: h.t.db, now: new Date(at.getTime() + 21 * 60_000) }, session.sessionId)).toBeNull();

    const debtor = testContext(h.t.db, debtorActor(d.person.id), at);
    const view = await getPortalView(debtor);
    expect(view.contacts).toEqual([expect.objectContaining({ channel: "sms", referenceCode, staffNumber: "AUTO-001" })]);
    expect(view.cases[0]!.debts[0]!.balanceMinor).toBe(123_456);

    const dispute = await openPortalDispute(debtor, { caseId: d.case.id, accountId: d.accountIds[0]!, ground: "amount", reason: "I paid this in January" }, { bytes: PDF }, { uploadDir: uploads });
    expect(await readFile(path.join(uploads, dispute.documentId!))).toEqual(Buffer.from(PDF));
    const next = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "sms", templateCode: "us_followup_sms", dueAt: at });
    const r = await dispatchStep(h.ctx(new Date(at.getTime() + 86_400_000)), { stepId: next }, h.channels);
    expect(r.status).toBe("blocked");
    if (r.status === "blocked") expect(r.rules).toContain("US-REGF-DISPUTE");
    await expect(openPortalDispute(debtor, { caseId: d.case.id, accountId: d.accountIds[0]!, reason: "again please" }, { bytes: new TextEncoder().encode("MZ not a pdf") }, { uploadDir: uploads })).rejects.toMatchObject({ key: "upload_type" });
    const audits = await h.t.sql`select action from audit_events where person_id = ${d.person.id} and actor_kind = 'debtor' order by at`;
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["portal.code_requested", "portal.code_sent", "portal.code_wrong", "portal.sign_in", "portal.view", "dispute.open", "dispute.document"]));
  });

  it("another person's case is not found for a debtor", async () => {
    const a = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const b = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await expect(openPortalDispute(testContext(h.t.db, debtorActor(a.person.id), NOON_NY), { caseId: b.case.id, accountId: b.accountIds[0]!, reason: "not mine at all" }, null, { uploadDir: uploads })).rejects.toMatchObject({ key: "not_found" });
  });

  it("written-only blocks the next call at the gate", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    await chooseWrittenOnly(testContext(h.t.db, debtorActor(d.person.id), NOON_NY));
    const call = await makeStep(h.t.db, { caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, accountIds: d.accountIds, channel: "call", templateCode: "us_call_script", dueAt: NOON_NY });
    const r = await dispatchStep(h.ctx(new Date(NOON_NY.getTime() + 60_000)), { stepId: call }, h.channels);
    expect(r.status).toBe("blocked");
    if (r.status === "blocked") expect(r.rules).toContain("US-REGF-MEDIUM");
  });

  it("a payment through the provider's signed callback lands once in the ledger and lowers the balance", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOON_NY });
    const debtor = testContext(h.t.db, debtorActor(d.person.id), NOON_NY);
    const intent = await createPaymentIntent(debtor, { caseId: d.case.id, amount: "100.00" }, { baseUrl: h.sim.url, callbackUrl: "http://127.0.0.1:9/cb", returnUrl: "http://127.0.0.1:9/back", secret: SIGNING_SECRET });
    expect(new URL(intent.checkoutUrl).searchParams.get("amount")).toBe("10000");
    const body = JSON.stringify({ type: "payment", eventId: "evt_p1", intentId: intent.intentId, providerPaymentId: "PAY_1", status: "succeeded", amountMinor: 10_000, currency: "USD" });
    const wall = new Date();
    const headers = createSignatureHeaders({ body, secret: SIGNING_SECRET, timestamp: Math.floor(wall.getTime() / 1000) });
    const call = (secret: string) => applyPaymentCallback(h.ctx(NOON_NY), { rawBody: body, timestamp: headers["X-Timestamp"]!, signature: headers["X-Signature"]!, secret, signatureNow: wall });
    expect(await call("forged-secret")).toEqual({ ok: false, reason: "bad_signature" });
    const [first, second] = await Promise.all([call(SIGNING_SECRET), call(SIGNING_SECRET)]);
    expect([first, second].filter((x) => x.ok && !x.duplicate)).toHaveLength(1);
    const payments = await h.t.db.select().from(s.payments).where(eq(s.payments.caseId, d.case.id));
    expect(payments).toHaveLength(1);
    const [account] = await h.t.db.select().from(s.accounts).where(and(eq(s.accounts.id, d.accountIds[0]!)));
    expect(account!.balanceMinor).toBe(123_456 - 10_000);
  });
});
