// bench/api (issue 16): p50/p95 of the creditor API's account read, GET /api/v1/accounts/{reference},
// under 50 concurrent requests. The web app's own route handler (key check, rate limit in Redis,
// problem details, response schema) is served over HTTP by a plain Node server in a process of its
// own (no Next build needed; the handler is the same module `next start` serves), against a fresh
// database holding a client's book of --accounts accounts. The load generator (fetch on keep-alive
// connections, --concurrency loops) runs in this process. Prints JSON with the load average.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser } from "@casebook/db/testing";
import { createApiKey, domainContext, type Actor } from "@casebook/domain";
import { testInfra } from "@casebook/domain/testing";

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.resolve(here, "../apps/web");

const { values } = parseArgs({
  // pnpm passes its "--" separator on.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    accounts: { type: "string", default: "2000" },
    requests: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "50" },
    warmup: { type: "string", default: "500" },
    serve: { type: "string" },
  },
  allowPositionals: true,
});

if (values.serve) {
  // The server process: the route module as Next would call it, a Request in, its Response out.
  const route = (await import(pathToFileURL(path.join(web, "src/app/api/v1/accounts/[accountReference]/route.ts")).href)) as { GET: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response> };
  const server = createServer(async (req, res) => {
    const m = /^\/api\/v1\/accounts\/([^/?]+)$/.exec(req.url ?? "");
    if (!m) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    try {
      const response = await route.GET(new Request(`http://localhost${req.url}`, { headers }), { params: Promise.resolve({ accountReference: decodeURIComponent(m[1]!) }) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      console.error(error);
      res.writeHead(599).end();
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(values.serve), "127.0.0.1", () => process.stdout.write("ready\n"));
} else {
  const accounts = Number(values.accounts);
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const warmup = Number(values.warmup);
  for (const [name, v] of Object.entries({ accounts, requests, concurrency, warmup })) if (!Number.isInteger(v) || v < 1) throw new Error(`--${name}: a whole number >= 1`);
  const result: Record<string, unknown> = { endpoint: "GET /api/v1/accounts/{accountReference}", accounts, requests, concurrency, loadBefore: load() };
  const t = await createTestDatabase({ max: 4 });
  const prefix = `bench-api-${randomBytes(4).toString("hex")}`;
  let server: ChildProcess | undefined;
  try {
    // The book: one client's accounts (makeCase: a person, a case, an account, a placement each).
    const team = await makeTeam(t.db);
    const client = await makeClient(t.db);
    const s0 = performance.now();
    const references: string[] = [];
    for (let i = 0; i < accounts; i++) references.push((await makeCase(t.db, { clientId: client.id, teamId: team.id })).accounts[0]!.clientReference);
    result.seedSeconds = Math.round((performance.now() - s0) / 10) / 100;
    const admin = await makeUser(t.db, { role: "admin" });
    const actor: Actor = { kind: "user", userId: admin.id, role: "admin", teamId: null, label: "bench" };
    const { key } = await createApiKey(domainContext(testInfra(t.db), actor), { clientId: client.id, name: "bench", scopes: ["accounts:read"] });

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    // react-server: the route's server-only modules load as they do under Next; the web's tsconfig
    // resolves its "@/..." imports.
    server = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", fileURLToPath(import.meta.url), "--serve", String(port)], {
      cwd: web, stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: t.url, CASEBOOK_QUEUE_PREFIX: prefix, API_RATE_LIMIT: "1000000000", PORTAL_SESSION_SECRET: randomBytes(32).toString("hex"), TSX_TSCONFIG_PATH: path.join(web, "tsconfig.json") },
    });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on("data", (c: Buffer) => { if (c.toString().includes("ready")) resolve(); });
      server!.once("exit", (code) => reject(new Error(`the server exited ${code}`)));
    });

    const base = `http://127.0.0.1:${port}/api/v1/accounts/`;
    const headers = { authorization: `Bearer ${key}` };
    const statuses: Record<number, number> = {};
    async function run(total: number, record: number[] | null) {
      let next = 0;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next++;
          const ref = references[Math.floor(Math.random() * references.length)]!;
          const t0 = performance.now();
          const r = await fetch(base + encodeURIComponent(ref), { headers });
          await r.arrayBuffer();
          record?.push(performance.now() - t0);
          if (record) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        }
      }));
    }
    await run(warmup, null);
    const latencies: number[] = [];
    result.loadAtStart = load();
    const w0 = performance.now();
    await run(requests, latencies);
    const seconds = (performance.now() - w0) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]! * 10) / 10;
    Object.assign(result, {
      statuses, seconds: Math.round(seconds * 100) / 100, requestsPerSecond: Math.round(latencies.length / seconds),
      p50Ms: pct(50), p95Ms: pct(95), p99Ms: pct(99), maxMs: pct(100),
      meanMs: Math.round((latencies.reduce((a, b) => a + b, 0) / latencies.length) * 10) / 10,
      loadAfter: load(),
    });
  } finally {
    server?.kill("SIGTERM");
    await t.drop();
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
