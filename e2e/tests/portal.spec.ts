import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ARTIFACTS_DIR, BASE_URL, OUTBOX_DIR, PASSWORD, PROVIDER_SIM_PORT, readFixtures } from "../e2e-env";
import { sql } from "./db";
import { rawTokens } from "./raw-tokens";

// The debtor's side (issue 17) on a phone: /verify, the portal's sign-in by a one-time code, what the
// debtor sees and does, and what the gate does with it at the agent's next contact. The debtor, their two
// debts, their clients, the agent and the agent's team are the suite's own (global-setup.ts: `portal`).
test.use({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

/** The provider simulator's outbox: every SMS the worker really sent (packages/channels sinks). */
function smsTo(phone: string): Array<{ text: string; receivedAt: string }> {
  const file = join(OUTBOX_DIR, "provider.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { channel: string; to: string; text: string; receivedAt: string })
    .filter((r) => r.channel === "sms" && r.to === phone);
}

/** No serious or critical axe violation (WCAG 2.1 A and AA) on the page as it is now. */
async function expectAccessible(page: Page, what: string) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  // Soft: one run reports every page's violations, not only the first page's.
  expect.soft(bad, `${what}: axe violations`).toEqual([]);
}

/** Usable at 360 px: nothing makes the page scroll sideways. */
async function expectNoSideScroll(page: Page, what: string) {
  const width = (await page.evaluate("document.scrollingElement.scrollWidth")) as number;
  expect.soft(width, `${what}: scrollWidth`).toBeLessThanOrEqual(360);
}

async function checkPage(page: Page, what: string) {
  await expectNoSideScroll(page, what);
  await expectAccessible(page, what);
}

/** The agent works in a browser of their own (desktop), signed in through the form. */
async function agentPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("textbox", { name: /email/i }).fill(readFixtures().portal.agentEmail);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(/\/queue/);
  return page;
}

/** The case screen's "Send payment link" to the debtor's mobile: through the gate like any message. */
async function sendPaymentLink(agent: Page, caseId: string, phoneId: string) {
  await agent.goto(`/cases/${caseId}`);
  await agent.locator("details:has([data-testid=payment-link]) > summary").click();
  const form = agent.getByTestId("payment-link");
  await form.locator("select[name=contactPointId]").selectOption(phoneId);
  await form.locator("button[type=submit]").click();
  await expect(form.getByTestId("action-success").or(form.getByTestId("refusal"))).toBeVisible();
  return form;
}

const decisionIds = async (caseId: string) => (await sql`select id from compliance_decisions where case_id = ${caseId}`).map((r) => r.id as string);

/** The gate's decision for the case and channel that is not among `seen` (waits for the worker's). */
async function newDecision(caseId: string, channel: string, seen: string[]) {
  let row: { decision: string; rules: string[] } | undefined;
  await expect.poll(async () => {
    const rows = await sql`select id, decision::text, results from compliance_decisions where case_id = ${caseId} and channel = ${channel} order by evaluated_at desc`;
    const d = rows.find((r) => !seen.includes(r.id as string));
    row = d ? { decision: d.decision as string, rules: (d.results as Array<{ rule: string; outcome: string }>).filter((x) => x.outcome === "block").map((x) => x.rule) } : undefined;
    return row?.decision;
  }, { timeout: 45_000, intervals: [500, 1000, 2000] }).toBeTruthy();
  return row!;
}

test("a debtor on a phone verifies a sent SMS, signs in with the one-time code, pays, disputes and chooses written-only; the gate follows", async ({ page, browser }) => {
  test.slow();
  const fx = readFixtures().portal;
  const origins = new Set<string>();
  page.on("request", (r) => origins.add(new URL(r.url()).origin));
  const agent = await agentPage(browser);
  const [phone] = await sql`select id from contact_points where person_id = ${fx.personId} and kind = 'phone'`;

  // 1. The agent sends a payment link by SMS from the case screen; the worker sends it through the gate
  //    to the provider simulator. It carries the contact's reference code and the portal's link.
  await expect((await sendPaymentLink(agent, fx.disputeCase.id, phone!.id as string)).getByTestId("action-success")).toBeVisible();
  await expect.poll(() => smsTo(fx.phone).length, { timeout: 45_000, intervals: [500, 1000, 2000] }).toBeGreaterThan(0);
  const [attempt] = await sql`select reference_code from contact_attempts where case_id = ${fx.disputeCase.id} and channel = 'sms' and direction = 'outbound'`;
  const sentText = smsTo(fx.phone)[0]!.text;
  const at = sentText.indexOf(attempt!.reference_code as string);
  expect(at, sentText).toBeGreaterThanOrEqual(0);
  const referenceCode = sentText.slice(at, at + 8);
  const portalLink = /(https?:\/\/\S+\/portal)\b/.exec(sentText)?.[1];
  expect(portalLink, sentText).toBe(`${BASE_URL}/portal`);
  const [audit] = await sql`select details from audit_events where case_id = ${fx.disputeCase.id} and action = 'message.request'`;
  expect(audit!.details).toMatchObject({ channel: "sms", templateCode: "us_payment_link_sms" });

  // 2. /verify, no sign-in: genuine, by SMS, the agent's staff number; nothing about the debt.
  await page.goto("/verify");
  await checkPage(page, "/verify");
  await page.getByTestId("verify-form").locator("input[name=code]").fill(referenceCode.toLowerCase());
  await page.getByTestId("verify-form").locator("button[type=submit]").click();
  await expect(page.getByTestId("verify-collector")).toContainText("A-4917");
  await expect(page.getByTestId("verify-channel")).toContainText("SMS");
  await expect(page.getByTestId("verify-answer")).not.toContainText("2,500");
  await checkPage(page, "/verify answered");
  await page.getByTestId("verify-form").locator("input[name=code]").fill("ZZZZZZZZ");
  await page.getByTestId("verify-form").locator("button[type=submit]").click();
  await expect(page.getByTestId("verify-answer")).toContainText("cannot confirm");

  // 3. The portal, by the SMS's link: the reference code and the date of birth, then the one-time code
  //    the worker texts.
  await page.goto(portalLink!);
  await checkPage(page, "/portal");
  const before = smsTo(fx.phone).length;
  const signIn = page.getByTestId("portal-sign-in");
  await signIn.locator("input[name=identifier]").fill(referenceCode);
  await signIn.locator("input[name=secret]").fill(fx.dateOfBirth);
  await signIn.locator("button[type=submit]").click();
  await page.waitForURL(/\/portal\/code/);
  await checkPage(page, "/portal/code");
  await expect.poll(() => smsTo(fx.phone).length, { timeout: 45_000, intervals: [500, 1000, 2000] }).toBeGreaterThan(before);
  const code = /\b(\d{6})\b/.exec(smsTo(fx.phone).at(-1)!.text)![1]!;
  await page.getByTestId("portal-code").locator("input[name=code]").fill(code);
  await page.getByTestId("portal-code").locator("button[type=submit]").click();
  await page.waitForURL(/\/portal\/home/);

  // 4. What the debtor sees: both debts, and the contact the agent made (staff number, reference).
  const disputed = page.getByTestId("portal-case").filter({ hasText: fx.disputeCase.creditor });
  const paid = page.getByTestId("portal-case").filter({ hasText: fx.payCase.creditor });
  await expect(disputed.getByTestId("portal-balance")).toHaveText("$2,500.00");
  await expect(paid.getByTestId("portal-balance")).toHaveText("$900.00");
  const contact = page.getByTestId("portal-contacts").locator("tbody tr", { hasText: referenceCode });
  await expect(contact).toContainText("A-4917");
  await expect(contact).toContainText("SMS");
  await checkPage(page, "/portal/home");
  await page.screenshot({ path: `${ARTIFACTS_DIR}/portal-home-360.png`, fullPage: true });

  // 5. Pay through the provider simulator's hosted checkout: its signed callback posts the payment.
  await paid.locator("details:has([data-testid=portal-pay]) > summary").click();
  await paid.getByTestId("portal-pay").locator("input[name=amount]").fill("100.00");
  await paid.getByTestId("portal-pay").locator("button[type=submit]").click();
  await checkPage(page, "/portal/home pay link");
  await paid.getByTestId("portal-link").click();
  await expect(page.getByTestId("checkout-amount")).toHaveText("100.00 USD");
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await page.waitForURL(/\/portal\/home\?payment=succeeded/);
  await expect(page.getByRole("status").first()).toContainText("payment was received");
  await expect(paid.getByTestId("portal-balance")).toHaveText("$800.00");
  await expect(paid.getByTestId("portal-payments")).toContainText("$100.00");
  const [pay] = await sql`select a.balance_minor::int as balance, (select count(*)::int from payments p where p.case_id = a.case_id) as n from accounts a where a.id = ${fx.payCase.accountId}`;
  expect(pay).toEqual({ balance: 80_000, n: 1 });

  // 6. A written dispute with a document: the debt's next SMS (the agent's payment link) is refused at the
  //    gate by US-REGF-DISPUTE, shown next to the button with its sentence, and kept in the decision ledger.
  await disputed.locator("details:has([data-testid=portal-dispute]) > summary").click();
  const dispute = disputed.getByTestId("portal-dispute");
  await dispute.locator("select[name=ground]").selectOption("amount");
  await dispute.locator("textarea[name=reason]").fill("I paid this in full last year; my bank statement is attached.");
  await dispute.locator("input[name=document]").setInputFiles({ name: "statement.pdf", mimeType: "application/pdf", buffer: PDF });
  await dispute.locator("button[type=submit]").click();
  await expect(dispute.getByRole("status")).toContainText("dispute is recorded");
  await checkPage(page, "/portal/home disputed");
  const [d] = await sql`
    select d.status::text, d.ground, d.received_via as via, (select count(*)::int from dispute_documents x where x.dispute_id = d.id) as documents
    from disputes d where d.account_id = ${fx.disputeCase.accountId}`;
  expect(d).toEqual({ status: "open", ground: "amount", via: "portal", documents: 1 });
  const sentBefore = smsTo(fx.phone).length;
  const smsSeen = await decisionIds(fx.disputeCase.id);
  const refusal = (await sendPaymentLink(agent, fx.disputeCase.id, phone!.id as string)).getByTestId("refusal");
  await expect(refusal).toContainText("US-REGF-DISPUTE");
  await expect(refusal).toContainText(/disput/i);
  const blockedSms = await newDecision(fx.disputeCase.id, "sms", smsSeen);
  expect(blockedSms.decision).toBe("block");
  expect(blockedSms.rules).toContain("US-REGF-DISPUTE");
  expect(smsTo(fx.phone).length).toBe(sentBefore);

  // 7. Written-only: the agent's next call on the other debt is refused at the gate (US-REGF-MEDIUM).
  await page.getByTestId("portal-written-only").locator("button[type=submit]").click();
  await expect(page.getByTestId("written-only-on")).toBeVisible();
  const callsBefore = (await sql`select count(*)::int as n from contact_attempts where case_id = ${fx.payCase.id} and channel = 'call'`)[0]!.n as number;
  const callSeen = await decisionIds(fx.payCase.id);
  await agent.goto(`/cases/${fx.payCase.id}`);
  const call = agent.getByTestId("call");
  await call.getByRole("button").first().click();
  await expect(call.getByTestId("refusal")).toContainText("US-REGF-MEDIUM");
  const blockedCall = await newDecision(fx.payCase.id, "call", callSeen);
  expect(blockedCall.decision).toBe("block");
  expect(blockedCall.rules).toContain("US-REGF-MEDIUM");
  expect(blockedCall.rules).not.toContain("US-REGF-DISPUTE");
  expect((await sql`select count(*)::int as n from contact_attempts where case_id = ${fx.payCase.id} and channel = 'call'`)[0]!.n).toBe(callsBefore);

  // 8. No contact at work (an inconvenient place): recorded on the person, where the gate reads it.
  await page.getByTestId("portal-no-workplace").locator("button[type=submit]").click();
  await expect(page.getByTestId("no-workplace-on")).toBeVisible();
  expect((await sql`select no_workplace_contact as on from persons where id = ${fx.personId}`)[0]!.on).toBe(true);

  // Every debtor action audited, as the debtor.
  const audits = await sql`select distinct action from audit_events where person_id = ${fx.personId} and actor_kind = 'debtor'`;
  expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["portal.sign_in", "portal.view", "payment.intent", "dispute.open", "dispute.document", "person.no_workplace_contact"]));

  // No third-party script or request: every request of the debtor's pages went to the console (the only
  // other origin is the payment provider's hosted checkout the debtor was sent to).
  // The signed-in pages in zh-CN too: the debtor's choices shown, no raw token, axe and 360 px again.
  await page.context().addCookies([{ name: "casebook-locale", value: "zh-CN", url: BASE_URL }]);
  await page.goto("/portal/home");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByTestId("written-only-on")).toBeVisible();
  await expect(page.getByTestId("no-workplace-on")).toContainText("工作单位");
  expect.soft(await rawTokens(page)).toEqual([]);
  await checkPage(page, "/portal/home (zh-CN)");
  await page.goto("/verify");
  await page.getByTestId("verify-form").locator("input[name=code]").fill(referenceCode);
  await page.getByTestId("verify-form").locator("button[type=submit]").click();
  await expect(page.getByTestId("verify-collector")).toContainText("A-4917");
  await checkPage(page, "/verify answered (zh-CN)");

  const provider = `http://127.0.0.1:${PROVIDER_SIM_PORT}`;
  expect([...origins].filter((o) => o !== new URL(BASE_URL).origin && o !== provider)).toEqual([]);
  await agent.context().close();
});

test("every portal page and /verify in zh-CN: no serious axe violation, no sideways scroll", async ({ page }) => {
  await page.context().addCookies([{ name: "casebook-locale", value: "zh-CN", url: BASE_URL }]);
  for (const path of ["/verify", "/portal", "/portal/code?s=00000000-0000-0000-0000-000000000000"]) {
    await page.goto(path);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await checkPage(page, `${path} (zh-CN)`);
  }
  await page.goto("/verify");
  await page.getByTestId("verify-form").locator("input[name=code]").fill("ZZZZZZZZ");
  await page.getByTestId("verify-form").locator("button[type=submit]").click();
  await expect(page.getByTestId("verify-answer")).not.toBeEmpty();
  await checkPage(page, "/verify answered (zh-CN)");
});

test("the portal and /verify carry the console's security headers (the same CSP, a fresh nonce)", async ({ request }) => {
  const shape = (csp: string) => csp.replace(/'nonce-[^']+'/, "'nonce-*'");
  const login = (await request.get("/login")).headers();
  expect(login["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  const nonces = new Set<string>();
  for (const path of ["/verify", "/portal", "/portal/code", "/portal/home"]) {
    const r = await request.get(path, { maxRedirects: 0 });
    const h = r.headers();
    expect(shape(h["content-security-policy"] ?? ""), path).toBe(shape(login["content-security-policy"]!));
    nonces.add(/'nonce-([^']+)'/.exec(h["content-security-policy"]!)![1]!);
    for (const name of ["x-content-type-options", "referrer-policy", "permissions-policy", "x-frame-options", "cross-origin-opener-policy"]) {
      expect(h[name], `${path} ${name}`).toBe(login[name]);
    }
  }
  expect(nonces.size).toBe(4);
});
