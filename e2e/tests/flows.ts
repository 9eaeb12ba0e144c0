import { expect, type Page } from "@playwright/test";
import { ARTIFACTS_DIR, simNow } from "../e2e-env";
import { sql } from "./db";

const plusDays = (n: number) => new Date(simNow().getTime() + n * 86_400_000).toISOString().slice(0, 10);

/** The whole agent flow on the queue's top case, in the page's current language. */
export async function workTopCase(page: Page, expected: { id: string; name: string }, lang: "en" | "zh") {
  const L = lang === "en"
    ? { allowed: "Allowed now", noAnswer: "no_answer", promised: "Promise pending", reason: "Callback due" }
    : { allowed: "当前允许", noAnswer: "no_answer", promised: "承诺待履行", reason: "预约回电已到" };
  await page.goto("/queue");
  const first = page.getByTestId("queue-table").locator("tbody tr").first();
  await expect(first).toHaveAttribute("data-case-id", expected.id);
  await expect(first).toContainText(L.reason);
  await page.screenshot({ path: `${ARTIFACTS_DIR}/queue-${lang}.png`, fullPage: false });
  await first.getByTestId("queue-case-link").click();
  await page.waitForURL(`**/cases/${expected.id}**`);

  // The compliance panel: a call to the mobile is allowed now, with the week's usage per debt.
  const panel = page.getByTestId("compliance-panel");
  await expect(panel.locator('[data-testid=compliance-cell][data-channel=call]').first()).toHaveAttribute("data-decision", "allow");
  await expect(panel.locator('[data-testid=compliance-cell][data-channel=call]').first()).toContainText(L.allowed);
  await expect(page.getByTestId("call-usage")).toContainText("0");
  await page.screenshot({ path: `${ARTIFACTS_DIR}/case-${lang}.png`, fullPage: true });

  // A call through the gate, then its outcome: no answer.
  const call = page.getByTestId("call");
  await call.getByRole("button").first().click();
  await expect(call.getByTestId("call-started")).toBeVisible();
  const outcome = page.getByTestId("call-outcome");
  await outcome.locator("select[name=outcome]").selectOption(L.noAnswer);
  await outcome.locator("button[type=submit]").click();
  await expect(outcome.getByTestId("action-success")).toBeVisible();
  const [ledger] = await sql`select count(*)::int as n, max(o.outcome::text) as outcome from contact_attempts a join contact_outcomes o on o.attempt_id = a.id where a.case_id = ${expected.id}`;
  expect(ledger).toEqual({ n: 1, outcome: "no_answer" });

  // A promise within the client's policy.
  await page.locator("details:has([data-testid=promise]) > summary").click();
  const promise = page.getByTestId("promise");
  await promise.locator("input[name=amountMinor]").fill("50.00");
  await promise.locator("input[name=dueDate]").fill(plusDays(7));
  await promise.locator("button[type=submit]").click();
  await expect(promise.getByTestId("action-success")).toBeVisible();
  const [p] = await sql`select amount_minor::int as amount, status::text from promises where case_id = ${expected.id}`;
  expect(p).toEqual({ amount: 5000, status: "pending" });

  // Back in the queue, the case has left the top and explains why.
  await page.goto("/queue");
  await expect(page.getByTestId("queue-table").locator("tbody tr").first()).not.toHaveAttribute("data-case-id", expected.id);
  await page.goto(`/queue?q=${encodeURIComponent(expected.name)}`);
  const row = page.locator(`tr[data-case-id="${expected.id}"]`);
  await expect(row).toContainText(L.promised);
}

