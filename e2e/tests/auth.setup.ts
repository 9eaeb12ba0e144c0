import { expect, test as setup, type Page } from "@playwright/test";
import { PASSWORD } from "../e2e-env";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByRole("textbox", { name: /email|邮箱/i }).fill(email);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(/\/(queue|admin\/users)/);
}

setup("agent1 signs in (en)", async ({ page }) => {
  await signIn(page, "agent1@casebook.test");
  await expect(page.getByRole("heading", { level: 1, name: "Work queue" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.context().storageState({ path: ".auth/agent1.json" });
});

setup("agent3 signs in (zh-CN user)", async ({ page }) => {
  await signIn(page, "agent3@casebook.test");
  await expect(page.getByRole("heading", { level: 1, name: "工作队列" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.context().storageState({ path: ".auth/agent3.json" });
});

setup("agent2 signs in and switches to zh-CN, which persists", async ({ page, context }) => {
  await signIn(page, "agent2@casebook.test");
  await expect(page.getByRole("heading", { level: 1, name: "Work queue" })).toBeVisible();
  await page.getByTestId("language-switch").selectOption("zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "工作队列" })).toBeVisible();
  // Persisted on the user: a fresh sign-in in a clean context comes back in Chinese.
  await page.context().storageState({ path: ".auth/agent2.json" });
  const fresh = await context.browser()!.newContext();
  const p2 = await fresh.newPage();
  await signIn(p2, "agent2@casebook.test");
  await expect(p2.getByRole("heading", { level: 1, name: "工作队列" })).toBeVisible();
  await fresh.close();
});

setup("admin signs in", async ({ page }) => {
  await signIn(page, "admin@casebook.test");
  await page.context().storageState({ path: ".auth/admin.json" });
});

setup("supervisor signs in", async ({ page }) => {
  await signIn(page, "supervisor@casebook.test");
  await page.context().storageState({ path: ".auth/supervisor.json" });
});

setup("the compliance officer signs in", async ({ page }) => {
  await signIn(page, "officer@casebook.test");
  await page.context().storageState({ path: ".auth/officer.json" });
});

setup("sign-in is throttled after five failures", async ({ page }) => {
  for (let i = 0; i < 5; i++) {
    await page.goto("/login");
    await page.locator("input[name=email]").fill("compliance@casebook.test");
    await page.locator("input[name=password]").fill(`wrong-${i}`);
    await page.locator("form button[type=submit]").click();
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  }
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.locator("form button[type=submit]").click();
  await expect(page.getByTestId("login-error")).toContainText("Too many failed attempts");
});
