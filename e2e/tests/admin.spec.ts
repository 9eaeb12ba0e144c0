import { expect, test, type Browser } from "@playwright/test";
import { readFixtures } from "../e2e-env";
import { sql } from "./db";

test("the admin sees the users list; the page and its API answer", async ({ page, request }) => {
  const res = await page.goto("/admin/users");
  expect(res!.status()).toBe(200);
  await expect(page.getByTestId("users-table")).toContainText("agent1@casebook.test");
  expect((await request.get("/api/admin/users")).status()).toBe(200);
});

async function signIn(browser: Browser, email: string, password: string) {
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

for (const who of ["agent1", "supervisor"] as const) {
  test(`${who} is refused every admin page and action, by URL and by direct request`, async ({ browser }) => {
    const { policyCase } = readFixtures();
    const [client] = await sql`select client_id from cases where id = ${policyCase.id}`;
    const context = await browser.newContext({ storageState: `.auth/${who}.json` });
    const page = await context.newPage();
    for (const path of ["/admin/users", "/admin/teams", "/admin/clients", `/admin/clients/${client!.client_id}`]) {
      const res = await page.goto(path);
      expect(res!.status(), path).toBe(403);
    }
    const email = `forged.${who}.${Date.now()}@casebook.test`;
    expect((await page.request.get("/api/admin/users")).status()).toBe(403);
    expect((await page.request.post("/api/admin/users", { data: { email, name: "Forged", role: "admin", teamId: null, staffNumber: `F-${Date.now() % 100_000}` } })).status()).toBe(403);
    expect((await page.request.post(`/api/admin/clients/${client!.client_id}/policy`, { data: { policy: { settlementFloorBps: 0 } } })).status()).toBe(403);
    expect(await sql`select id from users where email = ${email}`).toHaveLength(0);
    await context.close();
  });
}
