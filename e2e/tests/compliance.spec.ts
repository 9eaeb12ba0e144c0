import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { createDb } from "@casebook/db";
import { makeCase, makeClient } from "@casebook/db/testing";
import { gateContact, placeHold, systemActor } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";
import { DATABASE_URL, E2E_DIR, simNow } from "../e2e-env";
import { sql } from "./db";

// The compliance officer: a blocked decision found by its rule id, its input replayed through
// `pnpm -s compliance:check` to the same answer; a contact found by the reference code a debtor quotes;
// an evidence bundle whose manifest checksums verify; the audit log filtered and exported.
let fx: { caseId: string; personId: string; accountReference: string; blockedId: string; rule: string; referenceCode: string };

test.beforeAll(async () => {
  const { db, close } = createDb({ url: DATABASE_URL, max: 2 });
  try {
    const [team] = await sql`select id from teams where name = 'Team East'`;
    const [supervisor] = await sql`select id, team_id from users where email = 'supervisor@casebook.test'`;
    const client = await makeClient(db, { name: "E2E Evidence Lender" });
    const now = simNow();
    const c = await makeCase(db, { clientId: client.id, teamId: team!.id as string, now, placedAt: now });
    const system = testContext(db, systemActor("e2e"), now);
    const sms = await gateContact(system, { caseId: c.id, channel: "sms", purpose: "collection", content: { disclosesDebt: true, hasOptOut: true, identifiesCollector: true } });
    if (sms.outcome !== "allow") throw new Error(`fixture SMS was ${sms.outcome}`);
    await placeHold(testContext(db, { kind: "user", userId: supervisor!.id as string, role: "supervisor", teamId: supervisor!.team_id as string, label: "supervisor@casebook.test" }, now), { caseId: c.id, kind: "cease" });
    const call = await gateContact({ ...system, now: new Date(now.getTime() + 60_000) }, { caseId: c.id, channel: "call", purpose: "collection" });
    if (call.outcome !== "block") throw new Error(`fixture call was ${call.outcome}`);
    fx = {
      caseId: c.id, personId: c.personId, accountReference: c.accounts[0]!.clientReference, blockedId: call.decisionId,
      rule: call.refusal.results.find((r) => r.rule.includes("CEASE"))!.rule, referenceCode: sms.attempt.referenceCode,
    };
  } finally {
    await close();
  }
});

test("finds a blocked decision by rule id, opens its input, and compliance:check replays it to the same decision", async ({ page }) => {
  await page.goto("/compliance/decisions");
  await page.getByTestId("decision-filters").locator("input[name=rule]").fill(fx.rule);
  await page.getByTestId("decision-filters").locator("input[name=accountReference]").fill(fx.accountReference);
  await page.getByTestId("decision-filters").getByRole("button").click();
  const row = page.locator(`[data-testid=decision-log] tr[data-row-id="${fx.blockedId}"]`);
  await expect(row).toBeVisible();
  await expect(page.locator("[data-testid=decision-log] tbody tr")).toHaveCount(1);
  await row.getByRole("link").click();
  await page.waitForURL(`**/compliance/decisions/${fx.blockedId}`);
  const summary = page.getByTestId("decision-summary");
  await expect(summary).toHaveAttribute("data-decision", "block");
  const shownRules = await page.locator("[data-testid=decision-results] li").evaluateAll((lis) => lis.map((li) => [li.getAttribute("data-rule"), li.getAttribute("data-outcome")]));
  expect(shownRules).toContainEqual([fx.rule, "block"]);
  await expect(page.getByTestId("replay")).toHaveAttribute("data-matches", "true");

  // The input as shown, and as downloaded, is the one the gate stored; replayed by the command line.
  const shown = JSON.parse((await page.getByTestId("decision-input").textContent())!) as Record<string, unknown>;
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-input").click()]);
  const file = readFileSync((await download.path())!, "utf8");
  expect(JSON.parse(file)).toEqual(shown);
  const [stored] = await sql`select request from compliance_decisions where id = ${fx.blockedId}`;
  expect(shown).toEqual(stored!.request);
  const replayed = JSON.parse(execFileSync("pnpm", ["-s", "compliance:check"], { cwd: path.resolve(E2E_DIR, ".."), input: file, encoding: "utf8" })) as {
    decision: string; results: Array<{ rule: string; outcome: string }>;
  };
  expect(replayed.decision).toBe("block");
  expect(replayed.results.map((r) => [r.rule, r.outcome])).toEqual(shownRules);
  const [audit] = await sql`select count(*)::int as n from audit_events where action = 'decision.view' and entity_id = ${fx.blockedId} and actor_label = 'officer@casebook.test'`;
  expect(audit!.n).toBeGreaterThanOrEqual(1);
});

test("blocks and defers by rule show the fixture's block", async ({ page }) => {
  await expect.poll(async () => (await sql`select count(*)::int as n from rollup_inbox where source = 'decision'`)[0]!.n, { timeout: 60_000 }).toBe(0);
  await page.goto("/compliance/rules");
  const row = page.locator(`[data-testid=rules-table] tr[data-row-id="${fx.rule}:block"]`);
  await expect(row).toBeVisible();
  const day = simNow().toISOString().slice(0, 10);
  const [n] = await sql`select count(*)::int as n from compliance_decisions where results @> ${sql.json([{ rule: fx.rule, outcome: "block" }])}
    and evaluated_at >= ${day}::date - 29 and evaluated_at < ${day}::date + 1`;
  await expect(row.locator("td[data-col=decisions]")).toHaveText(String(n!.n));
});

test("a reference code as the debtor reads it finds the contact", async ({ page }) => {
  const typed = `${fx.referenceCode.slice(0, 4).toLowerCase()}-${fx.referenceCode.slice(4)}`;
  await page.goto("/compliance/reference");
  await page.getByTestId("reference-code").fill(typed);
  await page.getByTestId("reference-code").press("Enter");
  await expect(page.getByTestId("reference-match")).toHaveAttribute("data-case-id", fx.caseId);
  await expect(page.getByTestId("reference-match")).toContainText(fx.referenceCode);
});

test("an evidence bundle downloads and its manifest's checksums verify; generation is audited", async ({ page }) => {
  await page.goto("/compliance/evidence");
  const form = page.getByTestId("bundle-by-reference");
  await form.locator("input[name=accountReference]").fill(fx.accountReference);
  const [download] = await Promise.all([page.waitForEvent("download"), form.getByRole("button").click()]);
  expect(download.suggestedFilename()).toMatch(/^evidence-.*\.zip$/);
  const zip = readFileSync((await download.path())!);
  const files = unzipSync(new Uint8Array(zip));
  const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as { scope: { personId: string }; files: Array<{ path: string; sha256: string; bytes: number }>; counts: Record<string, number> };
  expect(manifest.scope.personId).toBe(fx.personId);
  expect(manifest.counts.decisions).toBeGreaterThanOrEqual(2);
  expect(manifest.files.map((f) => f.path)).toContain(`decisions/${fx.blockedId}.request.json`);
  for (const f of manifest.files) expect(createHash("sha256").update(files[f.path]!).digest("hex"), f.path).toBe(f.sha256);
  const sums = strFromU8(files.SHA256SUMS!).trim().split("\n").map((l) => l.split("  "));
  for (const [digest, name] of sums) expect(createHash("sha256").update(files[name!]!).digest("hex"), name).toBe(digest);
  const [audit] = await sql`select details from audit_events where action = 'evidence.bundle' and person_id = ${fx.personId} and actor_label = 'officer@casebook.test'`;
  expect(audit!.details.zipSha256).toBe(createHash("sha256").update(zip).digest("hex"));
});

test("the audit log filters by action and exports for a regulator", async ({ page }) => {
  await page.goto(`/compliance/audit?action=evidence.&personId=${fx.personId}`);
  await expect(page.locator("[data-testid=audit-log] tbody tr").first()).toContainText("evidence.bundle");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-audit").click()]);
  const text = readFileSync((await download.path())!, "utf8");
  const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toContain("Action");
  expect(lines.slice(1).every((l) => l.includes("evidence."))).toBe(true);
  expect(lines.length).toBeGreaterThan(1);
  const [exported] = await sql`select count(*)::int as n from audit_events where action = 'audit.export' and actor_label = 'officer@casebook.test'`;
  expect(exported!.n).toBe(1);
});
