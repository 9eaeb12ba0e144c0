import { test } from "@playwright/test";
import { readFixtures } from "../e2e-env";
import { workTopCase } from "./flows";


test("agent (zh-CN) works the top case: compliance panel, no-answer call, promise, case moves down the queue", async ({ page }) => {
  await workTopCase(page, readFixtures().callCaseB, "zh");
});
