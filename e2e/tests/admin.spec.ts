import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createDb, hashPassword } from "@casebook/db";
import { makeCase, makeClient, makeTeam } from "@casebook/db/testing";
import { BASE_URL, CLOCK_EPOCH_MS, CLOCK_START, DATABASE_OWNER_URL, PASSWORD, readFixtures } from "../e2e-env";
import { makeRetirableStrategy, sql } from "./db";

/** A user of the test's own (signing them out or deactivating them must not touch the stored sessions
 *  of the other projects), with the suite's password and no change required. */
async function makeAgent(tag: string): Promise<{ id: string; email: string }> {
  const email = `${tag}-${randomBytes(3).toString("hex")}@casebook.test`;
  const [team] = await sql`select id from teams where name = 'Team East'`;
  const [row] = await sql`insert into users (email, name, password_hash, role, team_id, staff_number)
    values (${email}, ${`Admin test ${tag}`}, ${await hashPassword(PASSWORD)}, 'agent', ${team!.id as string}, ${`A-${randomBytes(3).toString("hex")}`}) returning id`;
  return { id: row!.id as string, email };
}

/** The admin's user page, reached from the users list as an admin does. */
async function openUserPage(page: Page, email: string) {
  await page.goto("/admin/users");
  await page.getByTestId(`manage-${email}`).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(email);
}

type Form = ReturnType<Page["getByTestId"]>;

/** Submits one of the user page's confirmed forms: unticked it is refused next to the box, ticked it
 *  runs. `fill` sets the other fields before each try (a refused form comes back reset). */
async function confirmAndSubmit(page: Page, testId: string, fill: (form: Form) => Promise<void> = async () => {}) {
  const form = page.getByTestId(testId);
  await fill(form);
  await form.locator("button[type=submit]").click();
  await expect(form.locator(".field-error")).toContainText("Tick the box to confirm");
  await fill(form);
  await form.locator("input[name=confirm]").check();
  await form.locator("button[type=submit]").click();
  await expect(form.getByTestId("action-success")).toBeVisible();
  return form;
}

test("the admin sees the users list; the page and its API answer", async ({ page, request }) => {
  const res = await page.goto("/admin/users");
  expect(res!.status()).toBe(200);
  await expect(page.getByTestId("users-table")).toContainText("agent1@casebook.test");
  expect((await request.get("/api/admin/users")).status()).toBe(200);
});

async function signIn(browser: Browser, email: string, password: string = PASSWORD) {
  // A context of its own, signed out: browser.newContext() would inherit the project's admin state.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.locator("form button[type=submit]").click();
  return { context, page };
}

test("an admin creates an agent, who signs in with the temporary password, must set their own, then works the queue", async ({ page, browser }) => {
  // Three sign-ins (argon2 each) on a shared 2-core machine.
  test.setTimeout(180_000);
  const email = `new.agent.${Date.now()}@casebook.test`;
  await page.goto("/admin/users");
  const form = page.getByTestId("create-user");
  await form.locator("input[name=email]").fill(email);
  await form.locator("input[name=name]").fill("Nico Newhire");
  await form.locator("select[name=role]").selectOption("agent");
  await form.locator("select[name=teamId]").selectOption({ label: "Team East" });
  await form.locator("input[name=staffNumber]").fill(`E-${Date.now() % 100_000}`);
  await form.locator("button[type=submit]").click();
  await expect(form.getByTestId("action-success")).toBeVisible();
  const temporary = (await form.getByTestId("action-result").textContent())!.trim();
  expect(temporary.length).toBeGreaterThanOrEqual(24);
  await expect(page.getByTestId(`user-${email}`)).toContainText("Team East");
  const [row] = await sql`select role, password_change_required, (select count(*)::int from audit_events a where a.entity_id = u.id::text and a.action = 'user.create') as audits
    from users u where email = ${email}`;
  expect(row).toMatchObject({ role: "agent", password_change_required: true, audits: 1 });

  // The temporary password opens only the password page: the queue and the API send them back.
  const first = await signIn(browser, email, temporary);
  await first.page.waitForURL(/\/account\/password/);
  await first.page.goto("/queue");
  await expect(first.page).toHaveURL(/\/account\/password/);
  expect((await first.page.request.get("/api/queue")).status()).toBe(403);
  const pf = first.page.getByTestId("password-form");
  await pf.locator("input[name=currentPassword]").fill(temporary);
  await pf.locator("input[name=newPassword]").fill("nico-own-password-1");
  await pf.locator("input[name=confirmPassword]").fill("nico-own-password-1");
  await pf.locator("button[type=submit]").click();
  await first.page.waitForURL(/\/login/);
  await first.context.close();

  const second = await signIn(browser, email, "nico-own-password-1");
  await second.page.waitForURL(/\/queue/);
  await expect(second.page.getByRole("heading", { level: 1, name: "Work queue" })).toBeVisible();
  await second.context.close();
  const [after] = await sql`select password_change_required from users where email = ${email}`;
  expect(after!.password_change_required).toBe(false);
});

test("an admin tightens a client's weekly call cap; the agent's case panel shows it at once", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { policyCase } = readFixtures();
  const agent = await browser.newContext({ storageState: ".auth/agent1.json" });
  const agentPage = await agent.newPage();
  await agentPage.goto(`/cases/${policyCase.id}`);
  await expect(agentPage.getByTestId("call-usage")).toContainText(/\d+ of 7/);

  await page.goto("/admin/clients");
  await page.getByTestId(`client-${policyCase.clientCode}`).click();
  await expect(page.getByTestId("policy-in-force")).toContainText("version 0");
  const form = page.getByTestId("policy-form");
  // Looser than Regulation F (08:00–21:00) is refused next to its field, and nothing is saved.
  await form.locator("input[name='policy.compliance.callWindow.from']").fill("07:00");
  await form.locator("input[name='policy.compliance.callWindow.to']").fill("21:00");
  await form.locator("button[type=submit]").click();
  await expect(form.locator(".field-error")).toContainText("looser than US-FDCPA");
  await form.locator("input[name='policy.compliance.callWindow.from']").fill("");
  await form.locator("input[name='policy.compliance.callWindow.to']").fill("");
  await form.locator("input[name='policy.compliance.maxCallsPer7Days']").fill("3");
  await form.locator("input[name=note]").fill("client letter: at most 3 calls a week");
  await form.locator("button[type=submit]").click();
  await expect(form.getByTestId("action-success")).toContainText("Version 1 saved");
  await page.reload();
  await expect(page.getByTestId("policy-max-calls")).toHaveText("3");
  await expect(page.getByTestId("policy-versions")).toContainText("client letter");

  await agentPage.reload();
  await expect(agentPage.getByTestId("call-usage")).toContainText(/\d+ of 3/);
  await agent.close();
  const versions = await sql`select v.version, v.policy->'compliance'->>'maxCallsPer7Days' as cap, (select count(*)::int from audit_events a where a.entity_id = v.client_id::text and a.action = 'client.policy_version') as audits
    from client_policy_versions v join clients c on c.id = v.client_id where c.code = ${policyCase.clientCode}`;
  expect(versions).toEqual([{ version: 1, cap: "3", audits: 1 }]);
});


test("an admin creates a CN-CBA client from the console: a taken code and an unknown currency are refused next to their fields, fixed it lands on the client's page and in the list", async ({ page }) => {
  test.setTimeout(120_000);
  const code = `JADE-${Date.now() % 1_000_000}`;
  await page.goto("/admin/clients");
  await page.getByTestId("new-client").click();
  await expect(page).toHaveURL(/\/admin\/clients\/new$/);
  const form = page.getByTestId("create-client");
  // The rule set is offered with the strategy its cases will follow, and the form says it is fixed.
  await expect(form.locator("select[name=ruleSet] option[value='CN-CBA']")).toContainText("China consumer default");
  await expect(form).toContainText("Fixed at creation");
  // A refused form comes back reset to what was posted: each try fills every field.
  const submit = async (values: { code: string; currency: string }) => {
    await form.locator("input[name=code]").fill(values.code);
    await form.locator("input[name=name]").fill("Jade Credit E2E");
    await form.locator("input[name=country]").fill("CN");
    await form.locator("input[name=currency]").fill(values.currency);
    await form.locator("select[name=ruleSet]").selectOption("CN-CBA");
    await form.locator("input[name=agencyName]").fill("Casebook Shanghai");
    await form.locator("textarea[name='policy.callbackNumbers']").fill("default +864001234567");
    await form.locator("button[type=submit]").click();
  };
  // The seed's Chinese lender, typed in lower case: codes are compared as the verb stores them, upper case.
  await submit({ code: "huaxin-cf", currency: "CNY" });
  await expect(form.locator("#create-client-code-err")).toHaveText("a client with this code exists already");
  await submit({ code, currency: "ABC" });
  await expect(form.locator("#create-client-currency-err")).toHaveText("not a known ISO 4217 currency");
  expect(await sql`select id from clients where code = ${code}`).toHaveLength(0);

  await submit({ code, currency: "CNY" });
  await page.waitForURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Jade Credit E2E ${code} · CN-CBA · CNY`);
  await expect(page.getByTestId("policy-in-force")).toContainText("version 1");
  await expect(page.getByTestId("policy-versions").locator("tbody tr")).toHaveCount(1);
  const id = page.url().split("/").pop()!;
  await page.goto("/admin/clients");
  await expect(page.getByTestId(`client-${code}`)).toHaveAttribute("href", `/admin/clients/${id}`);
  await expect(page.getByTestId("clients-table").locator("tr", { has: page.getByTestId(`client-${code}`) })).toContainText("CN-CBA");
  const [row] = await sql`select c.id, c.rule_set, c.currency, c.country, c.policy->'callbackNumbers'->>'default' as callback,
    (select count(*)::int from client_policy_versions v where v.client_id = c.id) as versions,
    (select count(*)::int from audit_events a where a.entity_id = c.id::text and a.action = 'client.create') as audits
    from clients c where c.code = ${code}`;
  expect(row).toMatchObject({ id, rule_set: "CN-CBA", currency: "CNY", country: "CN", callback: "+864001234567", versions: 1, audits: 1 });
});

test("an admin deactivates an agent: the agent's open session is refused at once; reactivated, they sign in again", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const agent = await makeAgent("deactivate");
  const open = await signIn(browser, agent.email);
  await open.page.waitForURL(/\/queue/);
  expect((await open.page.request.get("/api/queue")).status()).toBe(200);

  await openUserPage(page, agent.email);
  await confirmAndSubmit(page, "user-status");
  await expect(page.getByTestId("user-status-text")).toHaveText("Deactivated");

  // The very next request of the open session is refused: no waiting for the token to expire.
  expect((await open.page.request.get("/api/queue")).status()).toBe(401);
  await open.page.goto("/queue");
  await expect(open.page).toHaveURL(/\/login/);
  await open.context.close();
  const refused = await signIn(browser, agent.email);
  await expect(refused.page.getByTestId("login-error")).toBeVisible();
  await expect(refused.page).toHaveURL(/\/login/);
  await refused.context.close();

  await confirmAndSubmit(page, "user-status");
  await expect(page.getByTestId("user-status-text")).toHaveText("Active");
  const back = await signIn(browser, agent.email);
  await back.page.waitForURL(/\/queue/);
  await back.context.close();
  const [row] = await sql`select active,
    (select count(*)::int from audit_events a where a.entity_id = u.id::text and a.action = 'user.deactivate') as deactivations,
    (select count(*)::int from audit_events a where a.entity_id = u.id::text and a.action = 'user.reactivate') as reactivations
    from users u where id = ${agent.id}`;
  expect(row).toMatchObject({ active: true, deactivations: 1, reactivations: 1 });
  await expect(page.getByTestId("user-history")).toContainText("deactivated");
});

test("an admin makes an agent a supervisor: the old session ends, the new one opens the supervisor's pages", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const agent = await makeAgent("promote");
  const open = await signIn(browser, agent.email);
  await open.page.waitForURL(/\/queue/);
  expect((await open.page.request.get("/supervisor/plans")).status()).toBe(403);

  await openUserPage(page, agent.email);
  await confirmAndSubmit(page, "change-role", async (form) => { await form.locator("select[name=role]").selectOption("supervisor"); });
  await expect(page.getByTestId("user-role")).toHaveText("Supervisor");
  expect((await open.page.request.get("/api/queue")).status()).toBe(401);
  await open.context.close();

  const again = await signIn(browser, agent.email);
  await again.page.waitForURL(/\/(queue|supervisor)/);
  expect((await again.page.goto("/supervisor/plans"))!.status()).toBe(200);
  await again.context.close();
  const [row] = await sql`select role, (select details from audit_events a where a.entity_id = u.id::text and a.action = 'user.change_role') as details
    from users u where id = ${agent.id}`;
  expect(row!.role).toBe("supervisor");
  expect(row!.details).toMatchObject({ from: { role: "agent" }, to: { role: "supervisor" } });
});

test("an admin gives an agent a second team: the old session ends, the new one opens both teams' cases, a third team's stays 403", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const agent = await makeAgent("multi");
  const { otherTeamCaseId } = readFixtures();
  const [other] = await sql`select t.id, t.name from cases c join teams t on t.id = c.team_id where c.id = ${otherTeamCaseId}`;
  // A third team of the test's own, with a case of its own client (no other spec's queue or figures see it).
  const { db, close } = createDb({ url: DATABASE_OWNER_URL, max: 1 });
  const now = new Date(new Date(CLOCK_START).getTime() + Date.now() - CLOCK_EPOCH_MS);
  const client = await makeClient(db, { name: "E2E Multi-team Lender" });
  const third = await makeTeam(db, { name: `Multi ${client.code}` });
  const thirdCase = await makeCase(db, { clientId: client.id, teamId: third.id, now, placedAt: now });
  await close();
  const open = await signIn(browser, agent.email);
  await open.page.waitForURL(/\/queue/);
  expect((await open.page.request.get(`/api/cases/${otherTeamCaseId}`)).status()).toBe(403);

  await openUserPage(page, agent.email);
  await confirmAndSubmit(page, "change-teams", async (form) => { await form.getByLabel(other!.name as string, { exact: true }).check(); });
  await expect(page.getByTestId("user-teams")).toContainText("Team East (primary)");
  await expect(page.getByTestId("user-teams")).toContainText(other!.name as string);
  expect((await open.page.request.get("/api/queue")).status()).toBe(401);
  await open.context.close();

  const again = await signIn(browser, agent.email);
  await again.page.waitForURL(/\/queue/);
  expect((await again.page.request.get(`/api/cases/${otherTeamCaseId}`)).status()).toBe(200);
  expect((await again.page.request.get(`/api/cases/${thirdCase.id}`)).status()).toBe(403);
  await again.context.close();
  const [audit] = await sql`select details from audit_events where entity_id = ${agent.id} and action = 'user.change_teams'`;
  expect(audit!.details).toMatchObject({ to: { primaryTeamId: expect.any(String) } });
  expect((audit!.details as { to: { teamIds: string[] } }).to.teamIds).toHaveLength(2);
});

test("an admin resets a password: the old one no longer signs in, the temporary one leads only to /account/password", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const agent = await makeAgent("reset");
  await openUserPage(page, agent.email);
  const form = await confirmAndSubmit(page, "reset-password");
  const temporary = (await form.getByTestId("action-result").textContent())!.trim();
  expect(temporary.length).toBeGreaterThanOrEqual(24);
  await expect(page.getByTestId("user-status-text")).toContainText("Must set a password");

  const old = await signIn(browser, agent.email, PASSWORD);
  await expect(old.page.getByTestId("login-error")).toBeVisible();
  await expect(old.page).toHaveURL(/\/login/);
  await old.context.close();
  const temp = await signIn(browser, agent.email, temporary);
  await temp.page.waitForURL(/\/account\/password/);
  await temp.page.goto("/queue");
  await expect(temp.page).toHaveURL(/\/account\/password/);
  await temp.context.close();
  const [row] = await sql`select password_change_required, (select count(*)::int from audit_events a where a.entity_id = u.id::text and a.action = 'user.reset_password') as audits
    from users u where id = ${agent.id}`;
  expect(row).toMatchObject({ password_change_required: true, audits: 1 });
});

test("a team's page lists its members and the size of its queue", async ({ page }) => {
  await page.goto("/admin/teams");
  await page.getByTestId("team-Team East").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Team East");
  await expect(page.getByTestId("team-members")).toContainText("agent1@casebook.test");
  const [{ n }] = await sql`select count(*)::int as n from cases c join teams t on t.id = c.team_id where t.name = 'Team East' and c.status = 'open'` as unknown as [{ n: number }];
  expect(n).toBeGreaterThan(0);
  await expect(page.getByTestId("team-open-cases")).toHaveText(String(n));
});


test("a template that tells an emergency contact about the debt shows the lint error as one types and cannot be saved; fixed, it saves and previews masked", async ({ page }) => {
  test.setTimeout(120_000);
  const code = `ec_location_${Date.now() % 1_000_000}`;
  await page.goto("/admin/templates");
  await page.getByTestId("new-template").click();
  const form = page.getByTestId("template-form");
  await form.locator("input[name=code]").fill(code);
  await form.locator("select[name=channel]").selectOption("sms");
  await form.locator("select[name=ruleSet]").selectOption("US-FDCPA");
  await form.locator("select[name=purpose]").selectOption("location");
  await form.locator("select[name=discloses]").selectOption("location_only");
  const body = form.locator("textarea[name=body]");
  await body.pressSequentially("This is {{collectorName}}: please ask {{debtorFirstName}} to call {{callbackNumber}} about {{amountDue}}. Reply STOP to opt out.");
  await expect(page.getByTestId("lint-debt_detail_not_disclosed")).toContainText("amountDue tells the debt");
  const save = page.getByTestId("template-save");
  await expect(save).toBeDisabled();

  // The disabled button is the editor's courtesy, not the guard: forced, the server's lint refuses it.
  await save.evaluate((b: { removeAttribute(name: string): void }) => b.removeAttribute("disabled"));
  await save.click();
  await expect(form.getByTestId("save-error")).toContainText("debt_detail_not_disclosed (amountDue)");
  expect(await sql`select id from templates where code = ${code}`).toHaveLength(0);

  await body.fill("This is {{collectorName}}: please ask {{debtorFirstName}} to call {{callbackNumber}}. Reply STOP to opt out.");
  await expect(page.getByTestId("lint-clean")).toBeVisible();
  await expect(page.getByTestId("sms-length")).toContainText("GSM-7");
  await expect(save).toBeEnabled();
  await save.click();
  await expect(form.getByTestId("action-success")).toContainText("Version 1 saved");
  const [row] = await sql`select t.version, t.discloses, t.has_opt_out, t.identifies_collector,
    (select count(*)::int from audit_events a where a.entity_id = t.id::text and a.action = 'template.save_version') as audits
    from templates t where code = ${code}`;
  expect(row).toMatchObject({ version: 1, discloses: "location_only", has_opt_out: true, identifies_collector: true, audits: 1 });

  // The preview: the chosen case's data, the name masked, recorded as a view of that case.
  const preview = page.getByTestId("template-preview-form");
  const caseId = await preview.locator("select[name=caseId]").inputValue();
  await preview.locator("button[type=submit]").click();
  await expect(preview.getByTestId("template-preview")).toContainText(/please ask \S+••• to call \+?[\d ()-]+\. Reply STOP/);
  const [{ n }] = await sql`select count(*)::int as n from audit_events where action = 'template.preview' and case_id = ${caseId}` as unknown as [{ n: number }];
  expect(n).toBe(1);
});

test("the admin reads a strategy version: its stages in order, each step's day, channel and template", async ({ page }) => {
  const [step] = await sql`select s.id, s.name, s.version, st.kind, x.day_offset, x.template_code from strategies s
    join strategy_stages st on st.strategy_id = s.id join strategy_steps x on x.stage_id = st.id
    order by s.name, s.version desc, st.ordinal, x.ordinal limit 1`;
  await page.goto("/admin/strategies");
  await page.getByTestId(`strategy-${step!.name}-${step!.version}`).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(step!.name as string);
  const stage = page.getByTestId(`stage-${step!.kind}`);
  await expect(stage.locator("tbody tr").first()).toContainText(`day ${step!.day_offset}`);
  await expect(stage.locator("tbody tr").first()).toContainText(step!.template_code as string);
});

interface CapturedAction { url: string; headers: Record<string, string>; body: Buffer }

/** The admin fills and submits a form, but the browser's POST of the server action is caught and never
 *  reaches the server: what another role would have to forge to call the action directly. */
async function captureAction(page: Page, path: string, testId: string, fill: (form: Form) => Promise<void>): Promise<CapturedAction> {
  // A fresh page each time: the aborted post leaves the form in its error state.
  await page.goto(path);
  let captured: CapturedAction | undefined;
  await page.route("**/admin/**", async (route) => {
    const req = route.request();
    if (req.method() !== "POST" || !req.headers()["next-action"]) return route.continue();
    captured = { url: req.url(), headers: req.headers(), body: req.postDataBuffer() ?? Buffer.alloc(0) };
    await route.abort();
  });
  const form = page.getByTestId(testId);
  await fill(form);
  await form.locator("button[type=submit]").click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return captured!;
}

// The admin's forms are caught once, then forged by each role in turn: an agent, a supervisor.
test("an agent and a supervisor are refused every admin page and action, by URL and by direct request", async ({ page: adminPage, browser }) => {
  test.setTimeout(120_000);
  const who = "staff";
  const { policyCase } = readFixtures();
  const [client] = await sql`select client_id from cases where id = ${policyCase.id}`;
  const [team] = await sql`select id from teams where name = 'Team East'`;
  const victim = await makeAgent(`victim-${who}`);
  const [before] = await sql`select role, active, password_hash, session_version from users where id = ${victim.id}`;

  // The admin's own forms, each caught on its way out: deactivate, make admin, reset, create a user.
  const userPage = `/admin/users/${victim.id}`;
  const confirm = async (form: Form) => { await form.locator("input[name=confirm]").check(); };
  const forgedEmail = `forged.action.${who}.${Date.now()}@casebook.test`;
  const actions = [
    await captureAction(adminPage, userPage, "user-status", confirm),
    await captureAction(adminPage, userPage, "change-role", async (form) => { await form.locator("select[name=role]").selectOption("admin"); await confirm(form); }),
    await captureAction(adminPage, userPage, "reset-password", confirm),
  ];
  const forgedCode = `forged_${who}_${Date.now() % 1_000_000}`;
  actions.push(await captureAction(adminPage, "/admin/templates/edit", "template-form", async (form) => {
    await form.locator("input[name=code]").fill(forgedCode);
    await form.locator("textarea[name=body]").fill("{{agencyName}}: this is an attempt to collect a debt. Call {{callbackNumber}}. Reply STOP to opt out.");
  }));
  actions.push(await captureAction(adminPage, "/admin/users", "create-user", async (form) => {
    await form.locator("input[name=email]").fill(forgedEmail);
    await form.locator("input[name=name]").fill("Forged");
    await form.locator("select[name=role]").selectOption("admin");
    await form.locator("input[name=staffNumber]").fill(`FA-${Date.now() % 100_000}`);
  }));

  const [strategy] = await sql`select id from strategies where name = 'US consumer default' and version = 1`;
  const strategyPage = `/admin/strategies/${strategy!.id as string}`;
  actions.push(await captureAction(adminPage, strategyPage, "new-draft", async () => {}));
  const retirable = await makeRetirableStrategy(`refuse-${who}`);
  actions.push(await captureAction(adminPage, `/admin/strategies/${retirable.v1}`, "retire-version", async () => {}));
  // A new policy version with a letterhead of the forger's choosing.
  actions.push(await captureAction(adminPage, `/admin/clients/${retirable.clientId}`, "policy-form", async (form) => {
    await form.locator("input[name='policy.letterhead.tradingName']").fill("Forged Letterhead Ltd");
    await form.locator("textarea[name='policy.letterhead.addressLines']").fill("1 Forged St");
  }));
  // A new client of the forger's choosing.
  const forgedClient = `FORGED-${who.toUpperCase()}-${Date.now() % 1_000_000}`;
  actions.push(await captureAction(adminPage, "/admin/clients/new", "create-client", async (form) => {
    await form.locator("input[name=code]").fill(forgedClient);
    await form.locator("input[name=name]").fill("Forged Lender");
    await form.locator("input[name=country]").fill("CN");
    await form.locator("input[name=currency]").fill("CNY");
    await form.locator("input[name=agencyName]").fill("Forged Agency");
    await form.locator("textarea[name='policy.callbackNumbers']").fill("default +864001234567");
  }));
  const [strategiesBefore] = await sql`select count(*)::int as n from strategies`;

  for (const role of ["agent1", "supervisor"] as const) {
    const context = await browser.newContext({ storageState: `.auth/${role}.json` });
    const page = await context.newPage();
    for (const path of ["/admin/users", `/admin/users/${victim.id}`, "/admin/teams", `/admin/teams/${team!.id}`, "/admin/clients", "/admin/clients/new", `/admin/clients/${client!.client_id}`,
      "/admin/templates", "/admin/templates/edit", "/admin/imports", "/admin/imports/new", "/admin/strategies", strategyPage, `/admin/strategies/${retirable.v1}`, `${strategyPage}?caseId=${policyCase.id}`, `${strategyPage}/what-if?run=1&cases=10&weeks=1`]) {
      const res = await page.goto(path);
      expect(res!.status(), `${role} ${path}`).toBe(403);
    }
    // The same server actions, posted as this role with its own session cookie: refused, nothing changes.
    for (const a of actions) {
      const res = await page.request.fetch(a.url, {
        method: "POST", data: a.body,
        headers: { "next-action": a.headers["next-action"]!, "content-type": a.headers["content-type"]!, accept: "text/x-component", origin: BASE_URL },
      });
      expect(res.status(), `${role} ${a.url}`).toBe(403);
    }
    const [after] = await sql`select role, active, password_hash, session_version from users where id = ${victim.id}`;
    expect(after).toEqual(before);
    expect(await sql`select id from audit_events where entity_id = ${victim.id} and action like 'user.%'`).toHaveLength(0);
    expect(await sql`select id from users where email = ${forgedEmail}`).toHaveLength(0);
    expect(await sql`select id from templates where code = ${forgedCode}`).toHaveLength(0);
    expect((await sql`select count(*)::int as n from strategies`)[0]!.n).toBe(strategiesBefore!.n);
    expect((await sql`select active from strategies where id = ${retirable.v1}`)[0]!.active).toBe(true);
    expect(await sql`select id from client_policy_versions where client_id = ${retirable.clientId}`).toHaveLength(0);
    expect(await sql`select id from clients where code = ${forgedClient}`).toHaveLength(0);

    const email = `forged.${role}.${Date.now()}@casebook.test`;
    expect((await page.request.get("/api/admin/users")).status()).toBe(403);
    expect((await page.request.post("/api/admin/users", { data: { email, name: "Forged", role: "admin", teamId: null, staffNumber: `F-${Date.now() % 100_000}` } })).status()).toBe(403);
    expect((await page.request.post(`/api/admin/clients/${client!.client_id}/policy`, { data: { policy: { settlementFloorBps: 0 } } })).status()).toBe(403);
    expect(await sql`select id from users where email = ${email}`).toHaveLength(0);
    await context.close();
  }
});
