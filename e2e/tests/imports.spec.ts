import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import iconv from "iconv-lite";
import { createDb } from "@casebook/db";
import { defaultClientPolicy, makeCase } from "@casebook/db/testing";
import { BASE_URL, DATABASE_URL, simNow } from "../e2e-env";
import { sql } from "./db";

// Issue 16: placement files through the console. The client and its team are the test's own (a team
// named to sort first takes a new client's first placement; no seeded case, queue or dashboard moves).
const tag = randomBytes(3).toString("hex");
let clientId = "";
let teamId = "";

const HEADER = "Account No,Name,Balance,Currency,Due,Country,State,ZIP,Phone,Email";
const row = (ref: string, o: Partial<Record<"name" | "balance" | "currency" | "due", string>> = {}) =>
  [ref, o.name ?? "Lee Park", o.balance ?? "12345", o.currency ?? "USD", o.due ?? "2026-01-15", "US", "NY", "11215", "212-555-0100", "lee@example.com"].join(",");

const utf8File = (balanceOfFirst = "12345") => `\uFEFF${[
  HEADER,
  row(`U-${tag}-1`, { balance: balanceOfFirst, name: '"Park, Lee"' }),
  row(`U-${tag}-2`), row(`U-${tag}-3`), row(`U-${tag}-4`),
  row(`U-${tag}-5`, { balance: "-500" }), // negative amount
  row(`U-${tag}-6`, { due: "2026-02-31" }), // impossible date
  row(`=1+2-${tag}`, { currency: "XYZ" }), // unknown currency, and a formula for a reference
  row(`U-${tag}-2`), // duplicate of row 2 in one file
].join("\n")}\n`;
const gbkFile = () => iconv.encode(`${[HEADER, row(`G-${tag}-1`, { name: "张伟" }), row(`G-${tag}-2`, { name: "王芳" }), row(`G-${tag}-3`, { balance: "abc" })].join("\r\n")}\r\n`, "gbk");

test.beforeAll(async () => {
  const [team] = await sql`insert into teams (name) values (${`0 imports e2e ${tag}`}) returning id`;
  teamId = team!.id as string;
  const [c] = await sql`insert into clients (code, name, country, currency, rule_set, agency_name, policy)
    values (${`IMP-${tag}`}, ${`Import Bank ${tag}`}, 'US', 'USD', 'US-FDCPA', 'Casebook Recovery Services', ${sql.json(defaultClientPolicy as never)}) returning id`;
  clientId = c!.id as string;
});

async function upload(page: Page, name: string, content: string | Buffer, encoding: "utf-8" | "gbk", kind: "placement" | "payment" = "placement") {
  await page.goto("/admin/imports");
  const form = page.getByTestId("import-upload");
  await form.locator("select[name=clientId]").selectOption(clientId);
  await form.locator("select[name=kind]").selectOption(kind);
  await form.locator("select[name=encoding]").selectOption(encoding);
  await form.locator("input[type=file]").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8") });
  await form.locator("button[type=submit]").click();
  await page.waitForURL(/\/admin\/imports\/new\?/);
  await expect(page.getByTestId("import-preview")).toBeVisible();
}

async function startAndFinish(page: Page) {
  await page.getByTestId("import-mapping").locator("button[type=submit]").click();
  await page.waitForURL(/\/admin\/imports\/[0-9a-f-]{36}$/);
  const runId = page.url().split("/").at(-1)!;
  await expect(page.getByTestId("import-progress")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  await expect(page.getByTestId("import-summary")).toBeVisible();
  return runId;
}

const accountsOf = async () => sql`select client_reference, balance_minor::int as balance from accounts where client_id = ${clientId} order by client_reference`;

test("an admin uploads a UTF-8 and a GBK file, maps the columns, watches them finish, reads the quarantine back; a re-import updates and never duplicates", async ({ page }) => {
  test.setTimeout(240_000);
  await upload(page, "bank.csv", utf8File(), "utf-8");
  // The first file of this client: no saved mapping, so the columns named otherwise than a field are chosen by hand.
  await expect(page.getByTestId("import-preview")).toContainText("Park, Lee");
  const mapping = page.getByTestId("import-mapping");
  for (const [field, column] of [["accountReference", "Account No"], ["fullName", "Name"], ["balanceMinor", "Balance"], ["dueDate", "Due"], ["region", "State"], ["postalCode", "ZIP"]]) {
    await mapping.locator(`select[name="map.${field}"]`).selectOption(column!);
  }
  await expect(mapping.locator('select[name="map.currency"]')).toHaveValue("Currency");
  const first = await startAndFinish(page);
  await expect(page.getByTestId("rows-read")).toHaveText("8");
  await expect(page.getByTestId("summary-created")).toHaveText("4");
  await expect(page.getByTestId("summary-quarantined")).toHaveText("4");
  expect((await accountsOf()).map((a) => a.client_reference)).toEqual([`U-${tag}-1`, `U-${tag}-2`, `U-${tag}-3`, `U-${tag}-4`]);

  // The quarantine as CSV: row, field and reason of each bad row; the formula cell neutralised.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("quarantine-download").click()]);
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\r\n").map((l) => l.split(","));
  expect(lines[0]).toEqual(["row", "field", "reason", "message", "account_reference"]);
  const found = lines.slice(1).map((l) => `${l[0]} ${l[1]} ${l[2]}`);
  expect(found).toEqual(expect.arrayContaining(["5 balanceMinor amount_negative", "6 dueDate date_invalid", "7 currency currency_unknown", "8 accountReference duplicate_row"]));
  expect(csv).toContain(`,'=1+2-${tag}\r\n`);

  // GBK, with a non-numeric amount: the saved mapping is suggested this time.
  await upload(page, "银行.csv", gbkFile(), "gbk");
  await expect(page.getByTestId("import-preview")).toContainText("张伟");
  await expect(page.getByTestId("import-mapping").locator('select[name="map.accountReference"]')).toHaveValue("Account No");
  await startAndFinish(page);
  await expect(page.getByTestId("summary-created")).toHaveText("2");
  await expect(page.getByTestId("summary-quarantined")).toHaveText("1");
  const [zh] = await sql`select p.full_name from persons p join accounts a on a.person_id = p.id where a.client_id = ${clientId} and a.client_reference = ${`G-${tag}-1`}`;
  expect(zh!.full_name).toBe("张伟");

  // The first file again, one balance changed: no duplicate, the change is a ledger event.
  await upload(page, "bank-again.csv", utf8File("10000"), "utf-8");
  await startAndFinish(page);
  await expect(page.getByTestId("summary-created")).toHaveText("0");
  await expect(page.getByTestId("summary-updated")).toHaveText("4");
  await expect(page.getByTestId("summary-balance-changes")).toHaveText("1");
  const accounts = await accountsOf();
  expect(accounts).toHaveLength(6);
  expect(accounts.find((a) => a.client_reference === `U-${tag}-1`)!.balance).toBe(10000);
  const adj = await sql`select b.delta_minor::int as delta from balance_adjustments b join accounts a on a.id = b.account_id where a.client_id = ${clientId}`;
  expect(adj.map((r) => r.delta)).toEqual([-2345]);

  // The history lists the three runs; the first run's page is reachable from it.
  await page.goto("/admin/imports");
  await expect(page.getByTestId(`import-run-${first}`)).toContainText("bank.csv");
  expect((await sql`select count(*)::int as n from import_runs where client_id = ${clientId} and status = 'completed'`)[0]!.n).toBe(3);
  expect((await sql`select count(*)::int as n from audit_events where action in ('import.upload', 'import.create', 'import.placement', 'import.quarantine_view') and (details->>'clientId' = ${clientId})`)[0]!.n).toBeGreaterThanOrEqual(10);
});

test("an admin imports a payments file in zh-CN: good rows posted once per reference, bad rows quarantined naming the field; the same file again posts nothing", async ({ page }) => {
  test.setTimeout(180_000);
  const now = simNow();
  const { db, close } = createDb({ url: DATABASE_URL, max: 2 });
  const c = await makeCase(db, { clientId, teamId, now, placedAt: now, accounts: [{ balanceMinor: 50_000 }] });
  await close();
  const ref = c.accounts[0]!.clientReference;
  const paid = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const file = `${["Ref,Account,Amount,Currency,Paid", `PAY-${tag}-1,${ref},12000,USD,${paid}`, `PAY-${tag}-2,${ref},-5,USD,${paid}`, `PAY-${tag}-3,NOT-${tag},100,USD,${paid}`].join("\n")}\n`;
  // The console's language for this signed-in admin (i18n/request.ts: "<user id>:<locale>").
  const [admin] = await sql`select id from users where email = 'admin@casebook.test'`;
  await page.context().addCookies([{ name: "casebook-locale", value: `${admin!.id as string}:zh-CN`, url: BASE_URL }]);
  await upload(page, "payments.csv", file, "utf-8", "payment");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const mapping = page.getByTestId("import-mapping");
  for (const [field, column] of [["externalReference", "Ref"], ["accountReference", "Account"], ["amountMinor", "Amount"], ["paidDate", "Paid"]]) {
    await mapping.locator(`select[name="map.${field}"]`).selectOption(column!);
  }
  await expect(mapping.locator('select[name="map.currency"]')).toHaveValue("Currency");
  await expect(mapping).toContainText("还款流水号");
  await startAndFinish(page);
  await expect(page.getByTestId("summary-created")).toHaveText("1");
  await expect(page.getByTestId("summary-quarantined")).toHaveText("2");
  await expect(page.getByTestId("import-summary")).toContainText("已入账还款");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("quarantine-download").click()]);
  const lines = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split("\r\n").slice(1).map((l) => l.split(",").slice(0, 3).join(" "));
  expect(lines).toEqual(["2 amountMinor amount_negative", "3 accountReference account_unknown"]);
  const balance = async () => (await sql`select balance_minor::int as b from accounts where id = ${c.accounts[0]!.id}`)[0]!.b as number;
  expect(await balance()).toBe(38_000);

  // The same file again: every good row is a duplicate, nothing posted twice.
  await upload(page, "payments-again.csv", file, "utf-8", "payment");
  await expect(page.getByTestId("import-mapping").locator('select[name="map.externalReference"]')).toHaveValue("Ref");
  await startAndFinish(page);
  await expect(page.getByTestId("summary-created")).toHaveText("0");
  expect(await balance()).toBe(38_000);
  expect((await sql`select count(*)::int as n from payments where reference = ${`PAY-${tag}-1`}`)[0]!.n).toBe(1);
});

test("an agent is refused the import pages, the upload route, a run's progress and its quarantine", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ".auth/agent1.json" });
  const page = await context.newPage();
  expect((await page.goto("/admin/imports"))!.status()).toBe(403);
  const up = await page.request.post(`/api/imports/upload?clientId=${clientId}&fileName=x.csv`, { data: Buffer.from(`${HEADER}\n${row("X-1")}\n`), headers: { "content-type": "application/octet-stream" } });
  expect(up.status()).toBe(403);
  const [run] = await sql`select id from import_runs where client_id = ${clientId} limit 1`;
  if (run) {
    expect((await page.request.get(`/api/imports/${run.id as string}`)).status()).toBe(403);
    expect((await page.request.get(`/api/imports/${run.id as string}/quarantine`)).status()).toBe(403);
  }
  await context.close();
});
