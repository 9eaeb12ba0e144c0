import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { hashPassword } from "@casebook/db";
import { PASSWORD } from "../e2e-env";
import { sql } from "./db";

// Issue 10, the edge as a browser and an attacker see it. Each test makes its own user: signing out
// ends every session of a user, which must not touch the stored sessions of the other projects.
async function newUser(tag: string): Promise<string> {
  const email = `${tag}-${randomBytes(3).toString("hex")}@casebook.test`;
  const [team] = await sql`select id from teams where name = 'Team East'`;
  await sql`insert into users (email, name, password_hash, role, team_id, staff_number)
    values (${email}, ${`Security ${tag}`}, ${await hashPassword(PASSWORD)}, 'agent', ${team!.id as string}, ${`S-${randomBytes(3).toString("hex")}`})`;
  return email;
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.locator("form button[type=submit]").click();
}

async function signedInPage(browser: Browser, email: string, headers?: Record<string, string>) {
  const context = await browser.newContext(headers ? { extraHTTPHeaders: headers } : {});
  const page = await context.newPage();
  await signIn(page, email);
  await page.waitForURL(/\/queue/);
  return { context, page };
}

const sessionOf = async (page: Page) => {
  const res = await page.request.get("/api/auth/session");
  return { body: (await res.json()) as { user?: { email: string } } | null, setCookie: res.headers()["set-cookie"] ?? "" };
};

test.describe("security headers", () => {
  test("every page has a CSP with a fresh nonce on every script, frame-ancestors 'none' and the other headers; no HSTS over http", async ({ request }) => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await request.get("/login");
      const h = res.headers();
      const csp = h["content-security-policy"] ?? "";
      const nonce = /script-src 'self' 'nonce-([^']+)' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, csp).toBeTruthy();
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("'unsafe-inline' 'nonce"); // scripts: nonce only
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(h["permissions-policy"]).toContain("camera=()");
      expect(h["strict-transport-security"]).toBeUndefined();
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    // API answers carry them too.
    expect((await request.get("/api/queue")).headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("HSTS when served over https (a TLS proxy in front)", async ({ request }) => {
    const res = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
  });

  test("the console works under the policy: no CSP violation while signing in and opening the queue", async ({ browser }) => {
    const email = await newUser("csp");
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
    });
    await signIn(page, email);
    await page.waitForURL(/\/queue/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(violations).toEqual([]);
    await context.close();
  });
});

test.describe("sessions end", () => {
  test("signing out in one browser ends the session in every browser, and the session endpoint does not revive it", async ({ browser }) => {
    const email = await newUser("revoke");
    const a = await signedInPage(browser, email);
    const b = await signedInPage(browser, email);
    expect((await sessionOf(a.page)).body?.user?.email).toBe(email);

    await b.page.getByRole("button", { name: /sign out|退出/i }).click();
    await b.page.waitForURL(/\/login/);

    const after = await sessionOf(a.page);
    expect(after.body?.user).toBeUndefined();
    // Not re-signed: no fresh session token is handed out, the old one is cleared.
    expect(after.setCookie).not.toMatch(/authjs\.session-token=[^;]+; .*Expires=(?!Thu, 01 Jan 1970)/);
    await a.page.goto("/queue");
    await expect(a.page).toHaveURL(/\/login/);
    expect((await a.page.request.get("/api/queue")).status()).toBe(401);
    await a.context.close();
    await b.context.close();
  });

  test("a user deactivated while signed in is out at the next request", async ({ browser }) => {
    const email = await newUser("deactivate");
    const a = await signedInPage(browser, email);
    expect((await a.page.request.get("/api/queue")).status()).toBe(200);
    await sql`update users set active = false where email = ${email}`;
    expect((await a.page.request.get("/api/queue")).status()).toBe(401);
    await a.page.goto("/queue");
    await expect(a.page).toHaveURL(/\/login/);
    await a.context.close();
  });
});

test.describe("the real client address", () => {
  test("a forged X-Forwarded-For is not believed: the audit trail records the TCP peer", async ({ browser }) => {
    const email = await newUser("xff");
    const a = await signedInPage(browser, email, { "x-forwarded-for": "6.6.6.6" });
    const [row] = await sql`select ip from audit_events where action = 'user.sign_in' and actor_label = ${email}`;
    expect(row?.ip).not.toBe("6.6.6.6");
    expect(["127.0.0.1", "::1"]).toContain(row?.ip);
    await a.context.close();
  });

  test("rotating X-Forwarded-For does not escape the throttle", async ({ browser }) => {
    const email = await newUser("rotate");
    const context = await browser.newContext();
    const page = await context.newPage();
    for (let i = 0; i < 5; i++) {
      await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${i + 10}` });
      await signIn(page, email, `wrong-${i}`);
      await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
    }
    await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.99" });
    await signIn(page, email);
    await expect(page.getByTestId("login-error")).toContainText("Too many failed attempts");
    const ips = await sql`select distinct ip from login_attempts where email = ${email}`;
    expect(ips.map((r) => r.ip)).not.toContain("198.51.100.10");
    await context.close();
  });
});

test.describe("bad ids and malformed parameters", () => {
  test("answer 404 or 400, never 500", async ({ browser }) => {
    const email = await newUser("ids");
    const a = await signedInPage(browser, email);
    const r = a.page.request;
    expect((await r.get("/api/cases/not-a-uuid")).status()).toBe(404);
    expect((await r.get("/api/cases/00000000-0000-0000-0000-000000000000")).status()).toBe(404);
    expect((await r.get("/api/queue?client=nope")).status()).toBe(400);
    for (const q of [`cursor=1~${"-".repeat(36)}`, "cursor=zzz", "limit=-5", "bucket=%00", "status=nope"]) {
      expect([200, 400], q).toContain((await r.get(`/api/queue?${q}`)).status());
    }
    expect((await a.page.goto("/cases/not-a-uuid"))!.status()).toBe(404);
    expect((await a.page.goto("/cases/%E2%80%AE"))!.status()).toBe(404);
    await a.context.close();
  });

  test("the provider webhook refuses an oversized body with 413 before checking anything", async ({ request }) => {
    const res = await request.post("/api/webhooks/provider", { data: "x".repeat(200 * 1024), headers: { "content-type": "application/json" } });
    expect(res.status()).toBe(413);
    expect((await request.post("/api/webhooks/provider", { data: { id: "evt" } })).status()).toBe(401);
  });
});
