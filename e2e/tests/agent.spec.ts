import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, readFixtures, simNow } from "../e2e-env";
import { workTopCase } from "./flows";
import { sql } from "./db";

test.describe.configure({ mode: "serial" });

test("agent (en) works the top case: compliance panel, no-answer call, promise, case moves down the queue", async ({ page }) => {
  // The longest flow (queue, case, call, outcome, promise, queue twice): on a shared 2-core machine it can pass 60 s.
  test.slow();
  await workTopCase(page, readFixtures().callCaseA, "en");
});

test("an 8th call in the week is refused with the reason, and no ledger row is written", async ({ page }) => {
  const { cap7Case } = readFixtures();
  const count = async () => (await sql`select count(*)::int as n from contact_attempts where case_id = ${cap7Case.id}`)[0]!.n as number;
  expect(await count()).toBe(7);
  await page.goto(`/cases/${cap7Case.id}`);
  await expect(page.getByTestId("call-usage")).toContainText("7 of 7");
  const call = page.getByTestId("call");
  await call.getByRole("button").first().click();
  const refusal = call.getByTestId("refusal");
  await expect(refusal).toContainText("US-REGF-FREQ-7IN7");
  await expect(refusal).toContainText(/seven|7/);
  await page.screenshot({ path: `${ARTIFACTS_DIR}/case-refusal-en.png`, fullPage: false });
  expect(await count()).toBe(7);
  const [d] = await sql`select decision::text, results from compliance_decisions where case_id = ${cap7Case.id} order by evaluated_at desc limit 1`;
  expect(d!.decision).toBe("defer");
  expect((d!.results as Array<{ rule: string }>).map((r) => r.rule)).toContain("US-REGF-FREQ-7IN7");
});

test("a third-party call offers only the location-only script", async ({ page }) => {
  const { thirdPartyCase } = readFixtures();
  await page.goto(`/cases/${thirdPartyCase.id}`);
  await expect(page.locator('[data-testid=related-party][data-third-party=true]')).toContainText(thirdPartyCase.emergencyName);
  // The ordinary call never lists the third party's number.
  await expect(page.getByTestId("call").locator("select[name=contactPointId] option")).toHaveCount(1);
  await page.locator("details:has([data-testid=third-party-call]) > summary").click();
  const flow = page.getByTestId("third-party-call");
  await expect(flow.getByTestId("location-script")).toBeVisible();
  await expect(flow.getByTestId("location-script")).toContainText("Say nothing about a debt");
  // The words for the third party are in their preferred language (zh-CN), not the agent's (en).
  await expect(flow.getByTestId("script-words")).toHaveAttribute("lang", "zh-CN");
  await expect(flow.getByTestId("script-words")).toContainText("您好");
  await expect(flow.locator("select")).toHaveCount(1);
  await expect(flow.locator("select[name=target] option")).toHaveCount(1);
  await expect(flow.locator("select[name=target] option")).toContainText(thirdPartyCase.emergencyName);
  await expect(flow.locator("select[name=purpose]")).toHaveCount(0);
  await flow.getByRole("button", { name: "Start location call" }).click();
  await expect(flow.getByTestId("call-started").or(flow.getByTestId("refusal"))).toBeVisible();
  if (await flow.getByTestId("call-started").isVisible()) {
    const options = await flow.locator("[data-testid=third-party-call-outcome] select[name=outcome] option").allTextContents();
    expect(options.join("|")).not.toMatch(/Conversation with the debtor/);
    await expect(flow.locator("[data-testid=third-party-call-outcome]")).not.toContainText("mini");
    const [a] = await sql`select purpose::text, party_role::text from contact_attempts where case_id = ${thirdPartyCase.id}`;
    expect(a).toEqual({ purpose: "location", party_role: "emergency_contact" });
  }
});

test("an agent cannot open another team's case or an admin page (URL and direct request)", async ({ page, request }) => {
  const { otherTeamCaseId } = readFixtures();
  const casePage = await page.goto(`/cases/${otherTeamCaseId}`);
  expect(casePage!.status()).toBe(403);
  await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
  const admin = await page.goto("/admin/users");
  expect(admin!.status()).toBe(403);
  expect((await request.get(`/api/cases/${otherTeamCaseId}`)).status()).toBe(403);
  expect((await request.get("/api/admin/users")).status()).toBe(403);
  const views = await sql`select count(*)::int as n from audit_events where case_id = ${otherTeamCaseId} and action = 'case.view' and actor_label = 'agent1@casebook.test'`;
  expect(views[0]!.n).toBe(0);
});

test("revealing a masked phone writes an audit event", async ({ page }) => {
  const { callCaseA } = readFixtures();
  await page.goto(`/cases/${callCaseA.id}`);
  await page.getByTestId("reveal").first().click();
  await expect(page.getByTestId("revealed")).toContainText("+1718555");
  const [row] = await sql`select count(*)::int as n from audit_events where case_id = ${callCaseA.id} and action = 'person.reveal'`;
  expect(row!.n).toBe(1);
});

test("a plan beyond the client's limits waits for a supervisor; a negative amount is refused next to its field", async ({ page }) => {
  const { thirdPartyCase } = readFixtures();
  await page.goto(`/cases/${thirdPartyCase.id}`);
  await page.locator("details:has([data-testid=plan]) > summary").click();
  const plan = page.getByTestId("plan");
  await plan.locator("input[name=totalMinor]").fill("-10");
  await plan.locator("input[name=installmentCount]").fill("24");
  await plan.locator("input[name=firstDueDate]").fill(new Date(simNow().getTime() + 10 * 86_400_000).toISOString().slice(0, 10));
  await plan.locator("button[type=submit]").click();
  await expect(plan.locator("#plan-totalMinor-err")).toHaveText("Must be more than zero.");
  await plan.locator("input[name=totalMinor]").fill("1234.56");
  await plan.locator("button[type=submit]").click();
  await expect(plan.getByTestId("action-success")).toContainText("supervisor approval");
  const [row] = await sql`select status::text, installment_count::int as n from payment_plans where case_id = ${thirdPartyCase.id}`;
  expect(row).toEqual({ status: "pending_approval", n: 24 });
});

test("an SMS sent from the case screen passes the worker's gate, reaches the provider, and its signed receipt comes back", async ({ page }) => {
  const { smsCase } = readFixtures();
  await page.goto(`/cases/${smsCase.id}`);
  await page.locator("details:has([data-testid=message]) > summary").click();
  const form = page.getByTestId("message");
  const sms = form.locator("select[name=templateId] option", { hasText: /SMS/ }).first();
  await form.locator("select[name=templateId]").selectOption((await sms.getAttribute("value"))!);
  await form.locator("button[type=submit]").click();
  await expect(form.getByTestId("action-success")).toBeVisible();

  // The console only queued it; the worker claimed it through the gate (a ledger row with a dispatch id
  // and a reference code printed in the text), the simulator accepted it, and its receipt arrived
  // through the verified webhook as a second, appended outcome. Ordered by when each fact was recorded: the
  // receipt's `at` is the provider's real time, the worker's `sent` is the suite's simulated clock.
  await expect
    .poll(async () => {
      const rows = await sql`
        select a.dispatch_id is not null as claimed, a.rendered_body like '%' || a.reference_code || '%' as printed,
               array_agg(o.outcome::text order by o.created_at) as outcomes
        from contact_attempts a left join contact_outcomes o on o.attempt_id = a.id
        where a.case_id = ${smsCase.id} and a.channel = 'sms'
        group by a.id`;
      return rows.map((r) => ({ claimed: r.claimed, printed: r.printed, outcomes: r.outcomes }));
    }, { timeout: 45_000, intervals: [500, 1000, 2000] })
    .toEqual([{ claimed: true, printed: true, outcomes: ["sent", "delivered"] }]);
  const [decision] = await sql`
    select d.decision::text from compliance_decisions d join contact_attempts a on a.decision_id = d.id
    where a.case_id = ${smsCase.id} and a.channel = 'sms'`;
  expect(decision!.decision).toBe("allow");
});

test("a client with a cap of 6 calls in 7 days shows 6, marked as the client's policy", async ({ page }) => {
  const { cap6Case } = readFixtures();
  await page.goto(`/cases/${cap6Case.id}`);
  await expect(page.getByTestId("call-usage")).toContainText("0 of 6");
  await expect(page.getByTestId("cap-source")).toHaveAttribute("data-source", "client_policy");
  const cap = page.getByTestId("rules-in-force").locator("li[data-rule=US-REGF-FREQ-7IN7]");
  await expect(cap).toHaveAttribute("data-max", "6");
  await expect(cap).toContainText("At most 6 calls");
  await expect(cap).toContainText("client policy");
});

test("a callback at 23:30 the debtor's time is refused with the next allowed time; an offered time books", async ({ page }) => {
  const { callbackCase } = readFixtures();
  await page.goto(`/cases/${callbackCase.id}`);
  await page.locator("details:has([data-testid=callback]) > summary").click();
  const form = page.getByTestId("callback");
  const slot = form.locator("select[name=slot]");
  // The offered times are lawful ones, each in the debtor's and the agent's time.
  await expect(slot.locator("option").first()).toContainText("debtor");
  await slot.selectOption("custom");
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" }).format(simNow());
  await form.locator("input[name=dueAt]").fill(`${day}T23:30`);
  await form.locator("select[name=zone]").selectOption("debtor");
  await form.locator("button[type=submit]").click();
  const err = form.locator("#callback-dueAt-err");
  await expect(err).toContainText("US-REGF-TIME");
  await expect(err).toContainText(/Next allowed: .*08:00/);
  expect((await sql`select count(*)::int as n from callbacks where case_id = ${callbackCase.id}`)[0]!.n).toBe(0);

  await slot.selectOption({ index: 0 });
  await form.locator("button[type=submit]").click();
  await expect(form.getByTestId("action-success")).toBeVisible();
  expect((await sql`select count(*)::int as n from callbacks where case_id = ${callbackCase.id}`)[0]!.n).toBe(1);
});
