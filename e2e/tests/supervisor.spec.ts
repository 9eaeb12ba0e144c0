import { expect, test } from "@playwright/test";
import { readFixtures } from "../e2e-env";
import { sql } from "./db";

test("the supervisor approves the plan outside policy", async ({ page }) => {
  const { thirdPartyCase } = readFixtures();
  await page.goto("/supervisor/plans");
  const row = page.locator("tr", { hasText: thirdPartyCase.name });
  await expect(row).toBeVisible();
  // Why it waits, as a sentence (not "installments>12"), then Approve: one plain button.
  await expect(row.getByTestId("plan-reasons")).toContainText("More installments than the client allows (at most 12).");
  await row.getByRole("button", { name: "Approve" }).click();
  // Decided: it leaves the list of plans waiting.
  await expect(row).toHaveCount(0);
  const [plan] = await sql`select status::text from payment_plans where case_id = ${thirdPartyCase.id}`;
  expect(plan!.status).toBe("active");
});

test("an agent's session cannot reach the approvals page", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ".auth/agent1.json" });
  const res = await (await context.newPage()).goto("/supervisor/plans");
  expect(res!.status()).toBe(403);
  await context.close();
});
