import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@casebook/domain/testing";

// The console's /metrics (issue 15): absent (404) unless METRICS_TOKEN is set; then only for the bearer
// token; and what it answers is Prometheus' text format with the metric names the dashboards query.
// env.ts reads the environment once, at import: each case loads the route afresh after setting it.
const TOKEN = "console-metrics-token-0123456789";
let t: TestDatabase;
const saved = { DATABASE_URL: process.env.DATABASE_URL, CASEBOOK_QUEUE_PREFIX: process.env.CASEBOOK_QUEUE_PREFIX, METRICS_TOKEN: process.env.METRICS_TOKEN };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.CASEBOOK_QUEUE_PREFIX = `test-metrics-${randomBytes(4).toString("hex")}`;
}, 60_000);
afterAll(async () => {
  const { appInfra, appProducer } = await import("@/lib/infra");
  await appProducer().close();
  await appInfra().close();
  await t?.drop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function loadRoute(token: string | undefined) {
  if (token === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = token;
  vi.resetModules();
  return import("./route");
}

const scrape = (get: (r: Request) => Promise<Response>, authorization?: string) =>
  get(new Request("http://localhost/metrics", { headers: authorization ? { authorization } : {} }));

/** Prometheus text exposition format 0.0.4, strictly: every line is a comment (# HELP / # TYPE name
 *  ...) or `name{label="value",...} number`; every sample belongs to a declared family. Returns the
 *  families (name → type) and the samples. */
function parseExposition(text: string) {
  const families = new Map<string, string>();
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  const sampleLine = new RegExp(`^(${NAME})(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*",?)*)\\})? (\\S+)(?: -?\\d+)?$`);
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      families.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith("# HELP ") || line.startsWith("#")) continue;
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    // As Prometheus reads it (Go's ParseFloat): NaN and ±Inf in any case (prom-client writes "Nan").
    const word = m[3]!.toLowerCase();
    const value = word === "nan" ? NaN : word === "+inf" || word === "inf" ? Infinity : word === "-inf" ? -Infinity : Number(m[3]);
    if (Number.isNaN(value) && word !== "nan") throw new Error(`not a number: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    const family = [...families.keys()].find((f) => m[1] === f || (/^(.*)_(bucket|sum|count)$/.exec(m[1]!)?.[1] === f));
    if (!family) throw new Error(`sample of an undeclared family: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return { families, samples };
}

describe("GET /metrics on the console", () => {
  it("is not there (404) when METRICS_TOKEN is unset, even with a bearer token", async () => {
    const { GET } = await loadRoute(undefined);
    expect((await scrape(GET)).status).toBe(404);
    expect((await scrape(GET, `Bearer ${TOKEN}`)).status).toBe(404);
  }, 60_000);

  it("refuses a missing or wrong token (401), and answers the right one in Prometheus' text format", async () => {
    const { GET } = await loadRoute(TOKEN);
    const none = await scrape(GET);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    expect((await scrape(GET, "Bearer wrong-token-0123456789abcdef")).status).toBe(401);
    expect((await scrape(GET, TOKEN)).status).toBe(401);

    const res = await scrape(GET, `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { families, samples } = parseExposition(await res.text());
    expect(Object.fromEntries(["casebook_queue_jobs", "casebook_gate_decisions_total", "nodejs_eventloop_lag_seconds", "process_resident_memory_bytes"].map((n) => [n, families.get(n)]))).toEqual({
      casebook_queue_jobs: "gauge",
      casebook_gate_decisions_total: "gauge",
      nodejs_eventloop_lag_seconds: "gauge",
      process_resident_memory_bytes: "gauge",
    });
    // Redis answered: every queue's depth is there (0 jobs in this test's fresh prefix).
    const waiting = samples.filter((s) => s.name === "casebook_queue_jobs" && s.labels.state === "waiting");
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((s) => s.value === 0 && typeof s.labels.queue === "string")).toBe(true);
    expect(samples.find((s) => s.name === "process_resident_memory_bytes")!.value).toBeGreaterThan(0);
  }, 60_000);
});
