import { expect, test } from "@playwright/test";

test("the admin sees the users list; the page and its API answer", async ({ page, request }) => {
  const res = await page.goto("/admin/users");
  expect(res!.status()).toBe(200);
  await expect(page.getByTestId("users-table")).toContainText("agent1@casebook.test");
  expect((await request.get("/api/admin/users")).status()).toBe(200);
});
