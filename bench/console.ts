// bench/console: a real HTTP client against the BUILT web app (next start) on a fresh database seeded
// with the 100,000-account demo book. Signs in as an agent through Auth.js's credentials endpoint, then
// requests queue pages (first page, deeper keyset pages, a search) and case pages, and prints JSON with
// p50/p95/p99 of the server's answer time (time to the last byte on localhost).
//
//   pnpm --filter @casebook/bench console [--accounts 100000] [--requests 200] [--port 3210] [--keep]
//
// Needs `pnpm --filter @casebook/web build` first. The database is dropped afterwards unless --keep.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDb } from "@casebook/db";
import { dropDatabase, migrateDatabase } from "@casebook/db/migrate";
import { ensureDatabaseRoles } from "@casebook/db/roles";
import { roleLoginUrl } from "@casebook/db/testing";
import { reprioritiseCases } from "@casebook/domain";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "100000" },
    requests: { type: "string", default: "200" },
    port: { type: "string", default: process.env.E2E_PORT ?? "3210" },
    keep: { type: "boolean", default: false },
    "database-url": { type: "string" },
  },
});
const accounts = Number(values.accounts);
const requests = Number(values.requests);
const port = Number(values.port);
const base = `http://localhost:${port}`;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const server = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/casebook");
server.pathname = `/casebook_bench_console_${randomBytes(4).toString("hex")}`;
const url = values["database-url"] ?? server.toString();

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const summary = (xs: number[]) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99), max: pct(xs, 100) });

class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "); }
}

async function timed(jar: Jar, path: string): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(base + path, { headers: { cookie: jar.header() }, redirect: "manual" });
  const body = await res.text();
  return { ms: performance.now() - t0, status: res.status, body };
}

async function waitFor(path: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try { if ((await fetch(base + path)).status < 500) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`web app did not answer on ${base}${path}`);
}

const result: Record<string, unknown> = { accounts, requests };
let web: ReturnType<typeof spawn> | undefined;
try {
  let t = performance.now();
  if (!values["database-url"]) {
    await migrateDatabase(url);
    execFileSync("pnpm", ["--filter", "@casebook/db", "--silent", "run", "seed", "--accounts", String(accounts), "--database-url", url, "--quiet"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    result.seedSeconds = Math.round(performance.now() - t) / 1000;
  }
  const { db, close } = createDb({ url, max: 2 });
  t = performance.now();
  const re = await reprioritiseCases({ db, now: new Date() });
  result.reprioritise = { updated: re.updated, seconds: Math.round(performance.now() - t) / 1000 };
  await db.execute("analyze");
  // Case pages for every account status the agent's team holds in the book (a promised, disputed,
  // on-plan or legal case renders more than a fresh one): each status reported is one requested.
  const byStatus = (await db.execute<{ status: string; case_id: string }>(`
    select status, case_id from (
      select a.status::text as status, a.case_id, row_number() over (partition by a.status order by a.case_id) as n
        from accounts a join cases c on c.id = a.case_id join users u on u.team_id = c.team_id
       where u.email = 'agent1@casebook.test') x
     where n <= 20`)) as unknown as Array<{ status: string; case_id: string }>;
  const statusCases = new Map<string, string[]>();
  for (const r of byStatus) statusCases.set(r.status, [...(statusCases.get(r.status) ?? []), r.case_id]);
  // The statuses the schema knows that the book gives this team no case of: named, never reported as figures.
  const allStatuses = ((await db.execute<{ s: string }>("select unnest(enum_range(null::account_status))::text as s")) as unknown as Array<{ s: string }>).map((r) => r.s);
  await close();

  // The console refuses a superuser's login in production (issue 10): it gets a runtime role of this
  // run's own, made like production's (the database is handed to an owner role of the run, too).
  const dbName = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const webUrl = roleLoginUrl(url, `${dbName}_app`, dbName);
  await ensureDatabaseRoles({ adminUrl: admin.toString(), ownerUrl: roleLoginUrl(url, `${dbName}_owner`, dbName), runtimeUrl: webUrl });

  // Another server on the port would answer for ours (and measure something else): refuse to start.
  if (await fetch(`${base}/login`).then(() => true, () => false)) throw new Error(`port ${port} is busy: stop what runs there first`);
  web = spawn("pnpm", ["exec", "next", "start", "-p", String(port)], {
    cwd: join(root, "apps/web"), detached: true, stdio: "ignore",
    env: { ...process.env, DATABASE_URL: webUrl, AUTH_URL: base, AUTH_SECRET: randomBytes(32).toString("hex"), AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1" },
  });
  await waitFor("/login", 60_000);

  // Sign in through Auth.js: CSRF token, then the credentials callback sets the session cookie.
  const jar = new Jar();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  t = performance.now();
  const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email: "agent1@casebook.test", password: "casebook-demo", callbackUrl: `${base}/queue` }),
  });
  jar.take(signIn);
  result.signInMs = Math.round(performance.now() - t);
  if (!jar.header().includes("session-token")) throw new Error(`sign-in failed: HTTP ${signIn.status}`);

  // Case ids and cursors from the JSON API (same domain query as the page).
  const api = JSON.parse((await timed(jar, "/api/queue?limit=200")).body) as { rows: Array<{ caseId: string; personName: string }>; nextCursor: string | null };
  const caseIds = api.rows.map((r) => r.caseId);
  const cursors: string[] = [];
  let cursor = api.nextCursor;
  for (let i = 0; i < 20 && cursor; i++) {
    const page = JSON.parse((await timed(jar, `/api/queue?limit=200&after=${encodeURIComponent(cursor)}`)).body) as { rows: Array<{ caseId: string }>; nextCursor: string | null };
    caseIds.push(...page.rows.map((r) => r.caseId));
    cursors.push(cursor);
    cursor = page.nextCursor;
  }
  const names = api.rows.slice(0, 20).map((r) => r.personName.split(" ")[1] ?? r.personName);

  // Warm up (first render compiles nothing under next start, but fills the pool and caches).
  for (let i = 0; i < 5; i++) { await timed(jar, "/queue"); await timed(jar, `/cases/${caseIds[i]}`); }

  const queueFirst: number[] = [], queueDeep: number[] = [], queueSearch: number[] = [], casePages: number[] = [];
  const statuses = new Map<number, number>();
  const note = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
  for (let i = 0; i < requests; i++) {
    const q1 = await timed(jar, "/queue"); queueFirst.push(q1.ms); note(q1.status);
    const q2 = await timed(jar, `/queue?after=${encodeURIComponent(cursors[i % cursors.length]!)}`); queueDeep.push(q2.ms); note(q2.status);
    if (i % 4 === 0) { const q3 = await timed(jar, `/queue?q=${encodeURIComponent(names[i % names.length]!)}`); queueSearch.push(q3.ms); note(q3.status); }
    const c = await timed(jar, `/cases/${caseIds[(i * 7) % caseIds.length]}`); casePages.push(c.ms); note(c.status);
  }
  const perStatus: Record<string, ReturnType<typeof summary>> = {};
  for (const [status, ids] of statusCases) {
    const times: number[] = [];
    for (let i = 0; i < Math.max(ids.length, 20); i++) {
      const c = await timed(jar, `/cases/${ids[i % ids.length]}`);
      if (c.status !== 200) throw new Error(`case page for a ${status} account answered HTTP ${c.status}`);
      times.push(c.ms); note(c.status);
    }
    perStatus[status] = summary(times);
  }
  Object.assign(result, {
    casePageByAccountStatus: perStatus,
    accountStatusesExercised: Object.keys(perStatus).sort(),
    accountStatusesNotInBook: allStatuses.filter((x) => !(x in perStatus)).sort(),
    queuePage: summary(queueFirst), queueDeepPage: summary(queueDeep), queueSearch: summary(queueSearch), casePage: summary(casePages),
    statuses: Object.fromEntries(statuses), targetP95Ms: 300,
    meetsTarget: pct(queueFirst, 95) < 300 && pct(queueDeep, 95) < 300 && pct(casePages, 95) < 300,
  });
} finally {
  if (web?.pid) { try { process.kill(-web.pid, "SIGTERM"); } catch { /* gone */ } }
  if (!values.keep && !values["database-url"]) {
    await dropDatabase(url).catch(() => undefined);
    const server = new URL(url);
    server.pathname = "/postgres";
    const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
    const dbName = new URL(url).pathname.slice(1);
    for (const role of [`${dbName}_app`, `${dbName}_owner`]) await admin.unsafe(`drop role if exists "${role}"`).catch(() => undefined);
    await admin.end();
  }
  else result.databaseUrl = url;
}
console.log(JSON.stringify(result, null, 2));
