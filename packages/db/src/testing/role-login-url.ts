import { randomBytes } from "node:crypto";

/**
 * The URL a per-run role logs in with: the server of `serverUrl`, user `role`, a fresh random password,
 * database `database`. Used by createTestDatabase and by the Playwright run's database (e2e/e2e-env.ts),
 * whose roles ensureDatabaseRoles then creates with exactly these passwords.
 */
export function roleLoginUrl(serverUrl: string | URL, role: string, database: string): string {
  const u = new URL(serverUrl);
  u.username = role;
  u.password = randomBytes(18).toString("base64url");
  u.pathname = `/${database}`;
  return u.toString();
}
