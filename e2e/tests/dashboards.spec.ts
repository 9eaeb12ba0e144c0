import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { simNow } from "../e2e-env";
import { sql } from "./db";

// The supervisor's portfolio against SQL written here (postgres.js, not the app), the drill-down from a
// figure to its cases, CSV exports read back, and an agent refused every page and export.
const day = (offset: number) => new Date(simNow().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const FROM = day(-59);
const TO = day(0);

/** The worker folds the inbox every few seconds: wait until everything seeded is in the rollups. */
async function waitForFold() {
  await expect.poll(async () => (await sql`select count(*)::int as n from rollup_inbox`)[0]!.n, { timeout: 90_000, intervals: [1000] }).toBe(0);
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = "", quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; }
    else if (ch === "\r" && s[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += ch;
  }
  return rows;
}

test.beforeAll(async () => {
  await waitForFold();
});

test("the portfolio's figures equal an independent SQL computation", async ({ page }) => {
  await page.goto(`/supervisor/portfolio?from=${FROM}&to=${TO}`);
  const [d] = await sql`
    with a as (select a.* from contact_attempts a where a.direction = 'outbound' and a.started_at >= ${FROM}::date and a.started_at < ${TO}::date + 1)
    select (select count(*) from a)::int as attempts,
      (select count(*) from a where exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome in ('conversation', 'wrong_party', 'refused')))::int as contacts,
      (select count(*) from a where a.party_role = 'consumer' and exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome = 'conversation'))::int as rpcs,
      (select count(*) from promises where created_at >= ${FROM}::date and created_at < ${TO}::date + 1)::int as made,
      (select count(*) from promises where status = 'kept' and due_date between ${FROM}::date and ${TO}::date)::int as kept,
      (select count(*) from promises where status in ('kept', 'broken') and due_date between ${FROM}::date and ${TO}::date)::int as resolved,
      (select coalesce(sum(p.amount_minor), 0) from payments p join cases c on c.id = p.case_id join clients cl on cl.id = c.client_id
        where cl.currency = 'USD' and p.status = 'posted' and p.received_at >= ${FROM}::date and p.received_at < ${TO}::date + 1)::bigint::text as usd`;
  expect(d!.attempts).toBeGreaterThan(0);
  const figure = (id: string) => page.getByTestId(`figure-${id}`);
  await expect(figure("contactRate")).toHaveAttribute("data-n", String(d!.contacts));
  await expect(figure("contactRate")).toHaveAttribute("data-d", String(d!.attempts));
  await expect(figure("rpcRate")).toHaveAttribute("data-n", String(d!.rpcs));
  await expect(figure("promiseRate")).toHaveAttribute("data-n", String(d!.made));
  await expect(figure("keptRate")).toHaveAttribute("data-n", String(d!.kept));
  await expect(figure("keptRate")).toHaveAttribute("data-d", String(d!.resolved));
  await expect(figure("collected-USD")).toHaveAttribute("data-n", d!.usd);
  const rate = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(d!.contacts / d!.attempts);
  await expect(figure("contactRate")).toContainText(rate);
  await expect(page.locator("figure.chart svg").first()).toBeVisible();
});

test("drill from a figure to its cases, and export the cases as CSV (formulas neutralised)", async ({ page }) => {
  // A debtor whose name is a spreadsheet formula, on a case with a payment in the range.
  const [paid] = await sql`
    select c.id as case_id, c.person_id from payments p join cases c on c.id = p.case_id
    where p.status = 'posted' and p.received_at >= ${FROM}::date and p.received_at < ${TO}::date + 1 order by p.received_at desc limit 1`;
  await sql`update persons set full_name = ${'=HYPERLINK("http://evil.test","x")'} where id = ${paid!.person_id}`;

  await page.goto(`/supervisor/portfolio?from=${FROM}&to=${TO}`);
  const contacts = await page.getByTestId("figure-contactRate").getAttribute("data-n");
  await page.getByTestId("drill-contactRate").click();
  await page.waitForURL(/\/supervisor\/portfolio\/cases\?/);
  await expect(page.getByTestId("drill-summary")).toHaveAttribute("data-events", contacts!);
  const [sqlCases] = await sql`
    select count(distinct a.case_id)::int as n from contact_attempts a where a.direction = 'outbound' and a.started_at >= ${FROM}::date and a.started_at < ${TO}::date + 1
      and exists (select 1 from contact_outcomes o where o.attempt_id = a.id and o.outcome in ('conversation', 'wrong_party', 'refused'))`;
  // Cases are counted exactly up to 1,000; past that the page gives a lower bound and says so.
  if (sqlCases!.n <= 1000) {
    await expect(page.getByTestId("drill-summary")).toHaveAttribute("data-cases", String(sqlCases!.n));
    await expect(page.getByTestId("drill-summary")).toHaveAttribute("data-cases-at-least", "false");
  } else {
    await expect(page.getByTestId("drill-summary")).toHaveAttribute("data-cases-at-least", "true");
    const shown = Number(await page.getByTestId("drill-summary").getAttribute("data-cases"));
    expect(shown).toBeGreaterThanOrEqual(1000);
    expect(shown).toBeLessThanOrEqual(sqlCases!.n);
    await expect(page.getByTestId("drill-count-note")).toBeVisible();
  }
  await expect(page.getByTestId("drill-cases").locator("tbody tr").first()).toBeVisible();

  await page.goto(`/supervisor/portfolio/cases?metric=collected&from=${FROM}&to=${TO}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-cases").click()]);
  const rows = parseCsv(readFileSync((await download.path())!, "utf8"));
  expect(rows[0]).toEqual(["Case id", "Debtor", "Client", "Team", "Last event", "Events", "Amount (minor units)", "Currency"]);
  const cases = Number(await page.getByTestId("drill-summary").getAttribute("data-cases"));
  expect(rows.length - 1).toBe(Math.min(cases, 1000));
  const evil = rows.find((r) => r[0] === paid!.case_id);
  expect(evil?.[1]).toBe(`'=HYPERLINK("http://evil.test","x")`);
  const [audit] = await sql`select count(*)::int as n from audit_events where action = 'portfolio.drill' and actor_label = 'supervisor@casebook.test'`;
  expect(audit!.n).toBeGreaterThanOrEqual(3);
});

test("the trend table exports as CSV and reads back to the figures", async ({ page }) => {
  // The page and its export are two reads: the worker's fold (every few seconds, of the outreach the
  // running clock dispatches) may land between them, so the pair is read again until nothing did.
  await expect(async () => {
    await page.goto(`/supervisor/portfolio?from=${FROM}&to=${TO}`);
    const attempts = Number(await page.getByTestId("figure-contactRate").getAttribute("data-d"));
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-series").click()]);
    const rows = parseCsv(readFileSync((await download.path())!, "utf8"));
    expect(rows[0]![0]).toBe("Period");
    expect(rows.slice(1).reduce((s, r) => s + Number(r[1]), 0)).toBe(attempts);
  }).toPass({ timeout: 30_000 });
});

test("an agent is refused every supervisor and compliance page and export, direct requests included", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ".auth/agent1.json" });
  const page = await context.newPage();
  const [decision] = await sql`select id, person_id from compliance_decisions limit 1`;
  const urls = [
    "/supervisor/portfolio", `/supervisor/portfolio/cases?metric=contacts&from=${FROM}&to=${TO}`, "/supervisor/portfolio/export", "/supervisor/portfolio/rolls/export", `/supervisor/portfolio/cases?metric=rolled&from=${FROM}&to=${TO}`,
    "/supervisor/portfolio/cases/export?metric=contacts", "/compliance/decisions", `/compliance/decisions/${decision!.id}`,
    `/compliance/decisions/${decision!.id}/input`, "/compliance/rules", "/compliance/evidence", `/compliance/evidence/bundle?personId=${decision!.person_id}`,
    "/compliance/reference?code=ABCD1234", "/compliance/audit", "/compliance/audit/export",
  ];
  const before = (await sql`select count(*)::int as n from audit_events where actor_label = 'agent1@casebook.test' and (action like 'portfolio.%' or action like 'decision.%' or action like 'evidence.%' or action like 'audit.%' or action like 'reference.%')`)[0]!.n;
  for (const url of urls) {
    const res = await context.request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(403);
  }
  for (const url of urls.filter((u) => !u.includes("export") && !u.includes("/input") && !u.includes("/bundle"))) {
    expect((await page.goto(url))!.status(), url).toBe(403);
  }
  const after = (await sql`select count(*)::int as n from audit_events where actor_label = 'agent1@casebook.test' and (action like 'portfolio.%' or action like 'decision.%' or action like 'evidence.%' or action like 'audit.%' or action like 'reference.%')`)[0]!.n;
  expect(after).toBe(before);
  await context.close();
});

test("roll and cure rates equal a brute-force SQL computation of every case's bucket, and drill to the cases that rolled", async ({ page }) => {
  const yesterday = day(-1);
  // The worker folds each completed (simulated) UTC day: wait until yesterday is in.
  await expect.poll(async () => (await sql`select through_day::text as d from rollup_watermarks where name = 'bucket_days'`)[0]?.d, { timeout: 120_000, intervals: [1000] }).toBe(yesterday);
  const [d] = await sql`
    with acc as (
      select a.case_id, a.due_date, (pl.received_at at time zone 'UTC')::date as placed, a.status in ('paid', 'settled') as by_payment,
        case when a.status in ('paid', 'settled', 'recalled', 'closed') then coalesce((a.closed_at at time zone 'UTC')::date, (pl.received_at at time zone 'UTC')::date) end as closed
      from accounts a join placements pl on pl.id = a.placement_id),
    days as (select g::date as day from generate_series(${FROM}::date - 1, ${yesterday}::date, interval '1 day') g),
    st as (
      select d.day, k.case_id, min(acc.due_date) as due from days d cross join (select distinct case_id from acc) k
      left join acc on acc.case_id = k.case_id and acc.placed <= d.day and (acc.closed is null or acc.closed > d.day) group by 1, 2),
    s as (
      select day, case_id, case when due is null then 'out' when day - due <= 0 then 'pre_due' when day - due < 30 then '1_29' when day - due < 60 then '30_59'
        when day - due < 90 then '60_89' when day - due < 180 then '90_179' else '180_plus' end as st from st),
    m as (select day, case_id, lag(st) over (partition by case_id order by day) as prev, st from s),
    late as (select unnest(array['1_29', '30_59', '60_89', '90_179', '180_plus']) as b)
    select
      (select count(*) from m where day = ${FROM}::date and prev = '30_59')::int + (select count(*) from m where day >= ${FROM}::date and st = '30_59' and prev <> '30_59')::int as in_bucket,
      (select count(*) from m where day >= ${FROM}::date and prev = '30_59' and st in ('60_89', '90_179', '180_plus'))::int as rolled,
      (select count(*) from m where day = ${FROM}::date and prev in (select b from late))::int
        + (select count(*) from m where day >= ${FROM}::date and prev not in (select b from late) and st in (select b from late))::int as delinquent,
      (select count(*) from m where day >= ${FROM}::date and prev in (select b from late) and (st = 'pre_due' or (st = 'out'
        and exists (select 1 from acc where acc.case_id = m.case_id and acc.by_payment and acc.closed = m.day))))::int as cured`;
  await page.goto(`/supervisor/portfolio?from=${FROM}&to=${TO}`);
  expect(d!.rolled).toBeGreaterThan(0);
  await expect(page.getByTestId("figure-roll-30_59")).toHaveAttribute("data-n", String(d!.rolled));
  await expect(page.getByTestId("figure-roll-30_59")).toHaveAttribute("data-d", String(d!.in_bucket));
  await expect(page.getByTestId("figure-cureRate")).toHaveAttribute("data-n", String(d!.cured));
  await expect(page.getByTestId("figure-cureRate")).toHaveAttribute("data-d", String(d!.delinquent));
  await expect(page.getByTestId("roll-rates").locator("tbody tr")).toHaveCount(6);
  await page.getByTestId("drill-roll-30_59").click();
  await page.waitForURL(/metric=rolled/);
  await expect(page.getByTestId("drill-summary")).toHaveAttribute("data-events", String(d!.rolled));
  await page.goto(`/supervisor/portfolio?from=${FROM}&to=${TO}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-rolls").click()]);
  const rows = parseCsv(readFileSync((await download.path())!, "utf8"));
  expect(rows[0]).toEqual(["Period", "Days past due", "Cases in the bucket", "Rolled to a later bucket", "Roll rate", "Cured", "Cure rate"]);
  // Bucket labels as the page shows them, never the raw codes.
  expect(rows.at(-4)).toEqual(expect.arrayContaining([`${FROM}..${TO}`, "30–59", String(d!.in_bucket), String(d!.rolled)]));
  expect(rows.slice(1).map((r) => r[1])).not.toContain("30_59");
});
