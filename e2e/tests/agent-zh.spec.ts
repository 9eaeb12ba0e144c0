import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, readFixtures } from "../e2e-env";
import { sql } from "./db";
import { workTopCase } from "./flows";
import { rawTokens } from "./raw-tokens";

test.describe.configure({ mode: "serial" });

test("agent (zh-CN) works the top case: compliance panel, no-answer call, promise, case moves down the queue", async ({ page }) => {
  // The longest flow (queue, case, call, outcome, promise, queue twice): on a shared 2-core machine it can pass 60 s.
  test.slow();
  await workTopCase(page, readFixtures().callCaseB, "zh");
});

test("the zh-CN queue and case pages show no raw token (status, channel, outcome, purpose, role, code)", async ({ page }) => {
  const { callCaseB } = readFixtures();
  await page.goto("/queue");
  await expect(page.getByTestId("queue-table")).toBeVisible();
  expect(await rawTokens(page)).toEqual([]);
  // A case with a call, an outcome and a promise on its timeline (the flow above).
  await page.goto(`/cases/${callCaseB.id}`);
  await expect(page.getByTestId("timeline")).toBeVisible();
  expect(await rawTokens(page)).toEqual([]);
});

test.describe("a Chinese-speaking agent of Team Shanghai", () => {
  test.use({ storageState: ".auth/agent3.json" });

  test("records an objection to the debt and sees calls blocked with CN-DISPUTE, in Chinese", async ({ page }) => {
    const { cnCase } = readFixtures();
    await page.goto(`/cases/${cnCase.id}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await page.locator("details:has([data-testid=dispute]) > summary").click();
    const dispute = page.getByTestId("dispute");
    await dispute.locator("select[name=ground]").selectOption("existence");
    await dispute.locator("select[name=receivedVia]").selectOption("oral");
    await dispute.locator("textarea[name=reason]").fill("债务人称从未办理过这张信用卡");
    await dispute.locator("button[type=submit]").click();
    await expect(dispute.getByTestId("action-success")).toBeVisible();
    const [row] = await sql`select ground, status::text from disputes where case_id = ${cnCase.id}`;
    expect(row).toEqual({ ground: "existence", status: "open" });

    await page.reload();
    const call = page.getByTestId("compliance-panel").locator("[data-testid=compliance-cell][data-channel=call]").first();
    await expect(call).toHaveAttribute("data-decision", "block");
    const rule = call.locator("li[data-rule=CN-DISPUTE]");
    await expect(rule).toBeVisible();
    await expect(rule).toContainText(/[\u4e00-\u9fff]/);
    await expect(call).toContainText("禁止");
    await page.screenshot({ path: `${ARTIFACTS_DIR}/case-cn-dispute-zh.png`, fullPage: false });

    // The gate agrees: a call started now is refused with the same rule.
    await page.getByTestId("call").getByRole("button").first().click();
    await expect(page.getByTestId("call").getByTestId("refusal")).toContainText("CN-DISPUTE");
    expect(await rawTokens(page)).toEqual([]);
  });

  test("the zh-CN queue of Team Shanghai shows no raw token", async ({ page }) => {
    await page.goto("/queue");
    await expect(page.getByTestId("queue-table")).toBeVisible();
    expect(await rawTokens(page)).toEqual([]);
  });
});
