import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { createTestDatabase, defaultClientPolicy, makeCase, makeClient, makePerson, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import {
  buildEvidenceBundle, findByReference, foldRollups, ForbiddenError, gateContact, getDecision, getDecisionsByRule, placeHold, searchAuditEvents,
  searchDecisions, systemActor, type Actor, type DomainContext,
} from "../../src";
import { testContext } from "../../src/testing";

// Tuesday 2026-03-03 12:00 in New York: inside calling hours.
const NOON_NY = new Date("2026-03-03T17:00:00Z");
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
let t: TestDatabase;
let officer: Actor;
let agent: Actor;
let supervisor: Actor;
let c: Awaited<ReturnType<typeof makeCase>>;
let blockedId: string;
let allowedRef: string;
let letterDir: string;
const ctx = (actor: Actor, now = NOON_NY): DomainContext => testContext(t.db, actor, now);
const userActor = (u: { id: string; role: "agent" | "supervisor" | "compliance" | "admin"; teamId: string | null; email: string }): Actor =>
  ({ kind: "user", userId: u.id, role: u.role, teamId: u.teamId, label: u.email });

beforeAll(async () => {
  t = await createTestDatabase();
  const team = await makeTeam(t.db, { name: "East" });
  const client = await makeClient(t.db);
  officer = userActor(await makeUser(t.db, { role: "compliance", teamId: null, email: "officer@test" }));
  agent = userActor(await makeUser(t.db, { role: "agent", teamId: team.id }));
  supervisor = userActor(await makeUser(t.db, { role: "supervisor", teamId: team.id }));
  c = await makeCase(t.db, { clientId: client.id, teamId: team.id, now: NOON_NY });
  // An allowed SMS (a ledger row with a reference code), then a letter, then a cease request and a call the gate blocks.
  const sms = await gateContact(ctx(systemActor("test")), { caseId: c.id, channel: "sms", purpose: "collection", content: { disclosesDebt: true, hasOptOut: true, identifiesCollector: true } });
  expect(sms.outcome).toBe("allow");
  allowedRef = sms.outcome === "allow" ? sms.attempt.referenceCode : "";
  letterDir = mkdtempSync(path.join(tmpdir(), "evidence-letters-"));
  const [address] = await t.db.insert(s.contactPoints).values({ personId: c.personId, kind: "address", value: "1 Main St, New York, NY 10001",
    postal: { lines: ["1 Main St"], city: "New York", region: "NY", postalCode: "10001", country: "US" }, source: "client" }).returning();
  const letter = await gateContact(ctx(systemActor("test")), { caseId: c.id, channel: "letter", purpose: "collection", contactPointId: address!.id, content: { disclosesDebt: true, identifiesCollector: true } });
  if (letter.outcome === "allow") writeFileSync(path.join(letterDir, `${letter.attempt.dispatchId}.pdf`), "%PDF-1.4 test letter");
  await placeHold(ctx(supervisor), { caseId: c.id, kind: "cease" });
  const call = await gateContact(ctx(systemActor("test"), new Date(NOON_NY.getTime() + 60_000)), { caseId: c.id, channel: "call", purpose: "collection" });
  expect(call.outcome).toBe("block");
  blockedId = call.outcome === "block" ? call.decisionId : "";
  await foldRollups({ db: t.db });
});
afterAll(async () => t?.drop());

describe("the decision log", () => {
  it("finds the blocked decision by rule id, person, account reference, outcome and channel", async () => {
    const detail = await getDecision(ctx(officer), { decisionId: blockedId });
    // The cease request blocks the call (other rules may block it too: each is searchable).
    const rule = detail.results.find((r) => r.outcome === "block" && r.rule.includes("CEASE"))!.rule;
    const byRule = await searchDecisions(ctx(officer), { rule });
    expect(byRule.rows.map((r) => r.id)).toEqual([blockedId]);
    const [person] = await t.sql<[{ full_name: string }]>`select full_name from persons where id = ${c.personId}`;
    expect((await searchDecisions(ctx(officer), { person: person.full_name.slice(1, 6) })).rows.map((r) => r.id)).toContain(blockedId);
    expect((await searchDecisions(ctx(officer), { accountReference: c.accounts[0]!.clientReference })).rows).toHaveLength(3);
    expect((await searchDecisions(ctx(officer), { outcome: "block", channel: "call", from: "2026-03-03", to: "2026-03-03" })).rows.map((r) => r.id)).toEqual([blockedId]);
    expect((await searchDecisions(ctx(officer), { outcome: "block", channel: "sms" })).rows).toHaveLength(0);
    expect((await searchDecisions(ctx(officer), { rule, to: "2026-03-02" })).rows).toHaveLength(0);
    const [audit] = await t.sql<[{ n: number }]>`select count(*)::int as n from audit_events where action = 'decision.search' and actor_user_id = ${officer.kind === "user" ? officer.userId : ""}`;
    expect(audit.n).toBeGreaterThanOrEqual(4);
  });

  it("opens the decision's stored input, and compliance:check on that input gives the same decision", async () => {
    const detail = await getDecision(ctx(officer), { decisionId: blockedId });
    expect(detail.decision).toBe("block");
    expect(detail.request).toHaveProperty("history");
    expect(detail.request).toHaveProperty("now");
    expect(detail.replay.matches).toBe(true);
    const out = execFileSync("pnpm", ["-s", "compliance:check"], { cwd: REPO, input: JSON.stringify(detail.request), encoding: "utf8" });
    const replayed = JSON.parse(out) as { decision: string; results: Array<{ rule: string; outcome: string }> };
    expect(replayed.decision).toBe(detail.decision);
    expect(replayed.results.map((r) => [r.rule, r.outcome])).toEqual(detail.results.map((r) => [r.rule, r.outcome]));
    const [audit] = await t.sql<[{ n: number }]>`select count(*)::int as n from audit_events where action = 'decision.view' and entity_id = ${blockedId} and person_id = ${c.personId}`;
    expect(audit.n).toBeGreaterThan(0);
  });

  it("counts blocks by rule over time from the rollup", async () => {
    const r = await getDecisionsByRule(ctx(officer), { from: "2026-03-01", to: "2026-03-03" });
    expect(r.totals).toEqual({ allow: 2, defer: 0, block: 1 });
    expect(r.rules.find((x) => x.outcome === "block")).toMatchObject({ decisions: 1 });
    expect(r.series).toHaveLength(1);
  });
});

// Issue 13: the stored request carries the client's policy in force and the opt-outs the engine judges,
// so the stored request alone (compliance:check) gives the decision the gate took.
describe("a decision held back by the client's policy or an opt-out replays the same", () => {
  const replayByCli = (request: unknown) =>
    JSON.parse(execFileSync("pnpm", ["-s", "compliance:check"], { cwd: REPO, input: JSON.stringify(request), encoding: "utf8" })) as { decision: string; notBefore: string | null; results: Array<{ rule: string; outcome: string }> };

  it("the 7th call of a client capped at 6 calls in 7 days is deferred, and its stored request replays to that deferral", async () => {
    const client = await makeClient(t.db, { policy: { ...defaultClientPolicy, compliance: { maxCallsPer7Days: 6 } } });
    // Seven numbers, so nothing but the cap stands between the calls (US-REGF-PATTERN spaces calls to one number).
    const person = await makePerson(t.db, {
      contactPoints: Array.from({ length: 7 }, (_, i) => ({ kind: "phone" as const, phoneType: "mobile" as const, value: `+1718557${String(1000 + i)}`, isPrimary: i === 0, source: "client" as const, consentCall: true, consentSms: true })),
    });
    const capped = await makeCase(t.db, { clientId: client.id, personId: person.id, now: NOON_NY });
    for (const [i, point] of person.contactPoints.entries()) {
      const r = await gateContact(ctx(systemActor("test"), new Date(NOON_NY.getTime() + i * 60_000)), { caseId: capped.id, channel: "call", purpose: "collection", contactPointId: point.id });
      if (i < 6) {
        expect(r.outcome).toBe("allow");
        continue;
      }
      expect(r.outcome).toBe("defer");
      if (r.outcome !== "defer") return;
      expect(r.decision.results.map((x) => x.rule)).toEqual(["US-REGF-FREQ-7IN7"]);
      const detail = await getDecision(ctx(officer), { decisionId: r.decisionId });
      expect(detail.request).toMatchObject({ policy: { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 6 } } } });
      expect(detail.replay).toMatchObject({ decision: "defer", matches: true });
      const replayed = replayByCli(detail.request);
      expect(replayed.decision).toBe("defer");
      expect(replayed.notBefore).toBe(r.decision.notBefore);
      expect(replayed.results.map((x) => [x.rule, x.outcome])).toEqual([["US-REGF-FREQ-7IN7", "defer"]]);
    }
  });

  it("an SMS to a UK customer who opted out is blocked by CASEBOOK-OPTOUT, and its stored request replays to that block", async () => {
    const client = await makeClient(t.db, { ruleSet: "UK-CONC", country: "GB", currency: "GBP" });
    const person = await makePerson(t.db, { person: { country: "GB", region: null, postalCode: null, timeZones: ["Europe/London"] } });
    const uk = await makeCase(t.db, { clientId: client.id, personId: person.id, now: NOON_NY });
    await t.db.insert(s.optOuts).values({ personId: person.id, channel: "sms", source: "sms_reply" });
    const r = await gateContact(ctx(systemActor("test")), { caseId: uk.id, channel: "sms", purpose: "collection", content: { disclosesDebt: true, hasOptOut: true, identifiesCollector: true } });
    expect(r.outcome).toBe("block");
    if (r.outcome !== "block") return;
    expect(r.decision.results.map((x) => x.rule)).toContain("CASEBOOK-OPTOUT");
    const detail = await getDecision(ctx(officer), { decisionId: r.decisionId });
    expect(detail.replay).toMatchObject({ decision: "block", matches: true });
    const replayed = replayByCli(detail.request);
    expect(replayed.decision).toBe("block");
    expect(replayed.results.map((x) => [x.rule, x.outcome])).toEqual(r.decision.results.map((x) => [x.rule, x.outcome]));
  });

  it("an old stored request without a policy still replays (the field is optional)", () => {
    const request = { ruleSet: "US-FDCPA", now: "2026-03-03T17:00:00Z", consumer: { id: "c1", country: "US", timeZones: ["America/New_York"] }, debtIds: ["d1"], history: [], proposed: { channel: "letter", party: { role: "consumer", id: "c1" }, purpose: "collection", content: { disclosesDebt: true, identifiesCollector: true } } };
    expect(replayByCli(request).decision).toBe("allow");
  });
});

describe("search by reference code", () => {
  it("finds the contact a debtor quotes, however they type it, and audits the lookup", async () => {
    const typed = `${allowedRef.slice(0, 4).toLowerCase()}-${allowedRef.slice(4)}`;
    const m = await findByReference(ctx(officer), { code: typed });
    expect(m).toMatchObject({ referenceCode: allowedRef, caseId: c.id, personId: c.personId, channel: "sms", decision: "allow" });
    expect(await findByReference(ctx(officer), { code: "ZZZZZZZZ" })).toBeNull();
    const [audit] = await t.sql<[{ n: number }]>`select count(*)::int as n from audit_events where action = 'reference.lookup' and person_id = ${c.personId}`;
    expect(audit.n).toBe(1);
  });
});

describe("the evidence bundle", () => {
  it("zips every contact, decision with input, letter, consent, opt-out and hold, with verifiable checksums; audited", async () => {
    const b = await buildEvidenceBundle(ctx(officer), { accountReference: c.accounts[0]!.clientReference }, { letterDir });
    const files = unzipSync(b.zip);
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as typeof b.manifest;
    expect(manifest.scope.personId).toBe(c.personId);
    expect(manifest.counts).toMatchObject({ contactAttempts: 2, decisions: 3, letters: 1, holds: 1 });
    expect(manifest.missingLetters).toEqual([]);
    for (const f of manifest.files) {
      expect(createHash("sha256").update(files[f.path]!).digest("hex")).toBe(f.sha256);
      expect(files[f.path]!.byteLength).toBe(f.bytes);
    }
    const sums = strFromU8(files.SHA256SUMS!).trim().split("\n");
    expect(sums).toHaveLength(manifest.files.length + 1);
    expect(sums.at(-1)).toBe(`${createHash("sha256").update(files["manifest.json"]!).digest("hex")}  manifest.json`);
    const request = JSON.parse(strFromU8(files[`decisions/${blockedId}.request.json`]!)) as Record<string, unknown>;
    expect(request).toEqual((await getDecision(ctx(officer), { decisionId: blockedId })).request);
    const contacts = JSON.parse(strFromU8(files["contacts.json"]!)) as Array<{ reference_code: string; rendered_body: string | null }>;
    expect(contacts.map((x) => x.reference_code)).toContain(allowedRef);
    expect(JSON.parse(strFromU8(files["holds-and-disputes.json"]!)).holds[0].kind).toBe("cease");
    const [audit] = await t.sql<[{ details: { zipSha256: string } }]>`select details from audit_events where action = 'evidence.bundle' and person_id = ${c.personId}`;
    expect(audit.details.zipSha256).toBe(createHash("sha256").update(b.zip).digest("hex"));
  });
});

describe("the audit log", () => {
  it("filters by action prefix and person, and audits its own reading", async () => {
    const r = await searchAuditEvents(ctx(officer), { action: "evidence.", personId: c.personId });
    expect(r.rows.map((x) => x.action)).toEqual(["evidence.bundle"]);
    await searchAuditEvents(ctx(officer), { purpose: "export", limit: 5 });
    const [n] = await t.sql<[{ n: number }]>`select count(*)::int as n from audit_events where action in ('audit.search', 'audit.export')`;
    expect(n.n).toBe(2);
  });
});

describe("roles", () => {
  it("refuses agents every evidence verb, and supervisors all but one decision's detail (the Outreach page's dispatch log links it)", async () => {
    await expect(getDecision(ctx(agent), { decisionId: blockedId })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getDecision(ctx(supervisor), { decisionId: blockedId })).id).toBe(blockedId);
    for (const who of [agent, supervisor]) {
      await expect(searchDecisions(ctx(who), {})).rejects.toBeInstanceOf(ForbiddenError);
      await expect(findByReference(ctx(who), { code: allowedRef })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(buildEvidenceBundle(ctx(who), { personId: c.personId })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(searchAuditEvents(ctx(who), {})).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(getDecisionsByRule(ctx(agent), {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});
