import { expect, test } from "@playwright/test";
import { readFixtures, simNow } from "../e2e-env";
import { sql } from "./db";

// The supervisor's Team page: per-agent figures against SQL written here, who works what now (an agent
// opens a case in another browser), and a bulk reassignment that moves exactly the filtered cases and
// writes one audit event per case; a supervisor is refused another team's page.
const day = (offset: number) => new Date(simNow().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const FROM = day(-29);
const TO = day(0);

async function waitForFold() {
  await expect.poll(async () => (await sql`select count(*)::int as n from rollup_inbox`)[0]!.n, { timeout: 90_000, intervals: [1000] }).toBe(0);
}

test("each agent's attempts, conversations, RPCs, promises and hours on cases equal an independent SQL computation", async ({ page }) => {
  await waitForFold();
  await page.goto(`/supervisor/team?from=${FROM}&to=${TO}`);
  const agents = await sql`select u.id, u.email from users u join teams t on t.id = u.team_id where t.name = 'Team East' and u.role = 'agent' and u.active`;
  expect(agents.length).toBeGreaterThan(1);
  const table = page.getByTestId("team-activity");
  await expect(table.locator("tbody tr")).toHaveCount(agents.length);
  let total = 0;
  for (const a of agents) {
    const [d] = await sql`
      with at as (select * from contact_attempts where agent_user_id = ${a.id} and direction = 'outbound' and started_at >= ${FROM}::date and started_at < ${TO}::date + 1)
      select (select count(*) from at)::int as attempts,
        (select count(*) from at where exists (select 1 from contact_outcomes o where o.attempt_id = at.id and o.outcome = 'conversation'))::int as conversations,
        (select count(*) from at where party_role = 'consumer' and exists (select 1 from contact_outcomes o where o.attempt_id = at.id and o.outcome = 'conversation'))::int as rpcs,
        (select count(*) from promises where created_by = ${a.id} and created_at >= ${FROM}::date and created_at < ${TO}::date + 1)::int as promises`;
    const row = table.locator(`tr[data-row-id="${a.id}"]`);
    const cell = (col: string) => row.locator(`td[data-col="${col}"]`);
    await expect(cell("attempts")).toHaveText(String(d!.attempts));
    await expect(cell("conversations")).toHaveText(String(d!.conversations));
    await expect(cell("rpcs")).toHaveText(String(d!.rpcs));
    await expect(cell("promises")).toHaveText(String(d!.promises));
    total += d!.attempts;
    // Hours on cases, recomputed here from the agent's case events: sessions split by gaps over 15 minutes
    // and at midnight UTC, each from its first to its last event plus a minute.
    const events = await sql`select extract(epoch from at)::float8 as t from audit_events
      where actor_user_id = ${a.id} and case_id is not null and at >= ${FROM}::date and at < ${TO}::date + 1 order by at`;
    let seconds = 0, start = -1, last = -1;
    const utcDay = (epoch: number) => Math.floor(epoch / 86_400);
    for (const e of events.map((x) => Number(x.t))) {
      if (start < 0 || e - last > 15 * 60 || utcDay(e) !== utcDay(last)) {
        if (start >= 0) seconds += last - start + 60;
        start = e;
      }
      last = e;
    }
    if (start >= 0) seconds += last - start + 60;
    await expect(cell("hours")).toHaveText(new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(seconds / 3600));
  }
  expect(total).toBeGreaterThan(0);
});

test("shows the case an agent has open right now", async ({ page, browser }) => {
  const fx = readFixtures();
  const agentContext = await browser.newContext({ storageState: ".auth/agent1.json" });
  const agentPage = await agentContext.newPage();
  await agentPage.goto(`/cases/${fx.cap6Case.id}`);
  await expect(agentPage.getByText(fx.cap6Case.name).first()).toBeVisible();
  await agentContext.close();
  await page.goto("/supervisor/team");
  const [agent1] = await sql`select id from users where email = 'agent1@casebook.test'`;
  const row = page.getByTestId("team-live").locator(`tr[data-row-id="${agent1!.id}"]`);
  await expect(row.locator('td[data-col="debtor"]')).toHaveText(fx.cap6Case.name);
  await expect(row.locator('td[data-col="action"]')).toHaveText("Opened the case");
  const [audit] = await sql`select details from audit_events where action = 'team.live_view' and actor_label = 'supervisor@casebook.test' order by id desc limit 1`;
  expect((audit!.details as { caseIds: string[] }).caseIds).toContain(fx.cap6Case.id);
});

test("bulk reassignment by filter moves exactly the matching cases after the count is confirmed, audited per case", async ({ page }) => {
  // An agent of the suite's own receives the cases, so no other test's queue changes hands.
  const [east] = await sql`select id from teams where name = 'Team East'`;
  const [target] = await sql`insert into users (email, name, role, team_id, staff_number) values ('reassign-target@casebook.test', 'Rey Target', 'agent', ${east!.id}, 'E-1888') returning id`;
  const [from] = await sql`select id from users where email = 'agent2@casebook.test'`;
  const [client] = await sql`
    select c.client_id as id from cases c where c.team_id = ${east!.id} and c.status = 'open' and c.owner_user_id = ${from!.id}
      and ${day(0)}::date - (select min(a.due_date) from accounts a where a.case_id = c.id) >= 180
    group by 1 order by count(*) desc limit 1`;
  const expected = await sql`
    select c.id from cases c where c.team_id = ${east!.id} and c.status = 'open' and c.owner_user_id = ${from!.id} and c.client_id = ${client!.id}
      and ${day(0)}::date - (select min(a.due_date) from accounts a where a.case_id = c.id) >= 180 order by c.id`;
  expect(expected.length).toBeGreaterThan(0);

  await page.goto("/supervisor/team");
  const form = page.getByTestId("reassign-filter");
  await form.locator('select[name="clientId"]').selectOption(client!.id);
  await form.locator('select[name="bucket"]').selectOption("180_plus");
  await form.locator('select[name="ownerUserId"]').selectOption(from!.id);
  await form.locator('select[name="toUserId"]').selectOption(target!.id);
  await form.getByRole("button").click();
  await page.waitForURL(/\/supervisor\/team\/reassign\?/);
  await expect(page.getByTestId("reassign-count")).toHaveAttribute("data-count", String(expected.length));
  // Nothing moved before the confirmation.
  expect((await sql`select count(*)::int as n from cases where owner_user_id = ${target!.id}`)[0]!.n).toBe(0);
  await page.getByTestId("reassign-confirm").getByRole("button").click();
  await expect(page.getByTestId("reassign-confirm")).toContainText(`Moved ${expected.length} case`);

  const moved = await sql`select id from cases where owner_user_id = ${target!.id} order by id`;
  expect(moved.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  const audits = await sql`select case_id, details from audit_events where action = 'case.reassign' and actor_label = 'supervisor@casebook.test' and details->>'toUserId' = ${target!.id} order by case_id`;
  expect(audits.map((a) => a.case_id)).toEqual(expected.map((r) => r.id));
  expect(audits[0]!.details).toMatchObject({ fromUserId: from!.id, toUserId: target!.id });
});

test("a supervisor is refused another team's Team page and a reassignment to its agent", async ({ page }) => {
  const [shanghai] = await sql`select id from teams where name = 'Team Shanghai'`;
  const [agent3] = await sql`select id from users where email = 'agent3@casebook.test'`;
  expect((await page.goto(`/supervisor/team?teamId=${shanghai!.id}`))!.status()).toBe(403);
  await page.goto(`/supervisor/team/reassign?toUserId=${agent3!.id}`);
  await expect(page.getByTestId("reassign-error")).toHaveAttribute("data-field", "toUserId");
  await expect(page.getByTestId("reassign-error")).toContainText("choose an active agent of the team");
});
