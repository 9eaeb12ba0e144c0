import { expect, test, type Page } from "@playwright/test";
import { ALL_QUEUES, createProducer, QUEUES } from "@casebook/jobs";
import { BASE_URL, QUEUE_PREFIX } from "../e2e-env";
import { sql } from "./db";

// The supervisor's Outreach page: queue health read from the run's BullMQ (the counts the queues give
// here, read independently), a failed job retried with its Retry button (BullMQ runs it again; audited),
// the funnel against SQL; and an agent refused the page and the retry, direct requests included.
const producer = createProducer({ env: { REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", CASEBOOK_QUEUE_PREFIX: QUEUE_PREFIX } });
test.afterAll(async () => producer.close());

test("queue health shows BullMQ's counts, and a failed job is retried through BullMQ with its Retry button", async ({ page }) => {
  // A job the worker cannot run (no such job name) fails at once, unrecoverably.
  const q = producer.queue(QUEUES.maintenance);
  const job = await q.add("e2e-no-such-job", {}, { attempts: 1, jobId: `e2e-fail-${Date.now()}` });
  await expect.poll(async () => (await q.getJob(job.id!))?.getState(), { timeout: 30_000 }).toBe("failed");
  const firstFailure = (await q.getJob(job.id!))!.finishedOn!;

  await page.goto("/supervisor/outreach");
  const counts = await q.getJobCounts("failed", "delayed");
  const row = page.getByTestId("queue-health").locator(`tr[data-row-id="${QUEUES.maintenance}"]`);
  await expect(row.locator('td[data-col="failed"]')).toHaveText(String(counts.failed));
  await expect(row.locator('td[data-col="delayed"]')).toHaveText(String(counts.delayed));
  await expect(page.getByTestId("queue-health").locator("tbody tr")).toHaveCount(ALL_QUEUES.length); // every queue, the webhooks and imports ones included
  const [given] = await sql`select count(*)::int as n from outreach_steps where reason = 'retries_exhausted'`;
  await expect(page.getByTestId("given-up")).toHaveAttribute("data-total", String(given!.n));

  const failed = page.getByTestId("failed-jobs").locator(`tr[data-job-id="${job.id}"]`);
  await expect(failed).toContainText("unknown job e2e-no-such-job");
  await page.getByTestId(`retry-${job.id}`).getByRole("button").click();
  await expect(page.getByTestId(`retry-${job.id}`)).toContainText("The job is back in its queue.");
  // BullMQ ran it again: it failed again, later.
  await expect.poll(async () => (await q.getJob(job.id!))?.finishedOn ?? 0, { timeout: 30_000 }).toBeGreaterThan(firstFailure);
  const [audit] = await sql`select entity_id from audit_events where action = 'queue.retry' and actor_label = 'supervisor@casebook.test'`;
  expect(audit!.entity_id).toBe(`${QUEUES.maintenance}:${job.id}`);
});

test("the funnel counts each stage's open cases and its steps by fate, equal to SQL", async ({ page }) => {
  await page.goto("/supervisor/outreach");
  const stages = await sql`
    select sg.id, (select count(*) from cases c where c.strategy_id = sg.strategy_id and c.stage = sg.kind and c.status = 'open')::int as cases
    from strategy_stages sg`;
  const table = page.getByTestId("outreach-funnel");
  await expect(table.locator("tbody tr")).toHaveCount(stages.length);
  for (const s of stages) await expect(table.locator(`tr[data-row-id="${s.id}"] td[data-col="cases"]`)).toHaveText(String(s.cases));
});

interface CapturedAction { url: string; headers: Record<string, string>; body: Buffer }

/** The supervisor presses a button, but the browser's POST of the server action is caught and never
 *  reaches the server: what an agent would have to forge to call the action directly. */
async function captureAction(page: Page, path: string, testId: string): Promise<CapturedAction> {
  await page.goto(path);
  let captured: CapturedAction | undefined;
  await page.route("**/supervisor/**", async (route) => {
    const req = route.request();
    if (req.method() !== "POST" || !req.headers()["next-action"]) return route.continue();
    captured = { url: req.url(), headers: req.headers(), body: req.postDataBuffer() ?? Buffer.alloc(0) };
    await route.abort();
  });
  await page.getByTestId(testId).getByRole("button").click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return captured!;
}

test("an agent is refused the Team and Outreach pages and their actions, direct requests included", async ({ page: supervisorPage, browser }) => {
  const [agent2] = await sql`select id from users where email = 'agent2@casebook.test'`;
  const [east] = await sql`select id from teams where name = 'Team East'`;
  const [victim] = await sql`insert into users (email, name, role, team_id, staff_number) values ('forged-target@casebook.test', 'Forged Target', 'agent', ${east!.id}, 'E-1777') returning id`;
  // The supervisor's own buttons, each caught on its way out: confirm a reassignment, retry a failed job.
  const q = producer.queue(QUEUES.maintenance);
  const job = await q.add("e2e-no-such-job", {}, { attempts: 1, jobId: `e2e-forged-${Date.now()}` });
  await expect.poll(async () => (await q.getJob(job.id!))?.getState(), { timeout: 30_000 }).toBe("failed");
  const actions = [
    await captureAction(supervisorPage, `/supervisor/team/reassign?ownerUserId=${agent2!.id}&toUserId=${victim!.id}`, "reassign-confirm"),
    await captureAction(supervisorPage, "/supervisor/outreach", `retry-${job.id}`),
  ];

  const context = await browser.newContext({ storageState: ".auth/agent1.json" });
  const page = await context.newPage();
  for (const url of ["/supervisor/team", "/supervisor/outreach", `/supervisor/team/reassign?toUserId=${agent2!.id}`]) {
    expect((await context.request.get(url, { maxRedirects: 0 })).status(), url).toBe(403);
    expect((await page.goto(url))!.status(), url).toBe(403);
  }
  for (const a of actions) {
    const res = await page.request.fetch(a.url, {
      method: "POST", data: a.body,
      headers: { "next-action": a.headers["next-action"]!, "content-type": a.headers["content-type"]!, accept: "text/x-component", origin: BASE_URL },
    });
    expect(res.status(), a.url).toBe(403);
  }
  expect((await sql`select count(*)::int as n from cases where owner_user_id = ${victim!.id}`)[0]!.n).toBe(0);
  expect(await (await q.getJob(job.id!))!.getState()).toBe("failed");
  expect(await sql`select id from audit_events where actor_label = 'agent1@casebook.test' and action in ('queue.retry', 'case.reassign', 'team.live_view')`).toHaveLength(0);
  await context.close();
});
