import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { repositoryRoot } from "../src/context";

// infra/ is configuration nobody runs here (no Docker engine, no cluster): this test keeps it honest
// against the code. Probes point at routes that exist, every variable a manifest sets is one the
// app's env schemas read, PDBs select a Deployment, and the dashboard queries metrics the app exports.
const root = repositoryRoot;
const read = (p: string) => readFileSync(join(root, p), "utf8");

type Doc = { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown>; stringData?: Record<string, string>; data?: Record<string, string> };
const k8s: Doc[] = readdirSync(join(root, "infra/k8s"))
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) => parseAllDocuments(read(`infra/k8s/${f}`)).map((d) => d.toJS() as Doc));

/** Every variable some env.ts schema (or the stack's check) names. */
const envNames = new Set(
  ["packages/db/src/env.ts", "packages/jobs/src/env.ts", "packages/channels/src/env.ts", "packages/auth/src/env.ts", "apps/worker/src/env.ts", "apps/web/src/env.ts", "scripts/check-env.ts"]
    .filter((p) => existsSync(join(root, p)))
    .flatMap((p) => [...read(p).matchAll(/^\s+([A-Z][A-Z0-9_]+)\s*:/gm)].map((m) => m[1]!)),
);

interface Container { name: string; env?: Array<{ name: string }>; ports?: Array<{ name?: string; containerPort: number }>; livenessProbe?: { httpGet?: { path: string; port: string | number } }; readinessProbe?: { httpGet?: { path: string; port: string | number } } }
const deployments = k8s.filter((d) => d.kind === "Deployment");
const podSpec = (d: Doc) => ((d.spec!.template as { spec: { containers: Container[]; terminationGracePeriodSeconds?: number } }).spec);

/** Routes each app serves: the worker's from its HTTP server, the console's from app/<route>/route.ts. */
function serves(app: "worker" | "console", path: string): boolean {
  if (app === "worker") return read("apps/worker/src/http.ts").includes(`path === "${path}"`);
  return existsSync(join(root, "apps/web/src/app", path, "route.ts"));
}

describe("infra/k8s", () => {
  it("has a Deployment, a Service and a PodDisruptionBudget for the console and the worker", () => {
    expect(deployments.map((d) => d.metadata!.name).sort()).toEqual(["casebook-console", "casebook-worker"]);
    for (const kind of ["Service", "PodDisruptionBudget"]) expect(k8s.filter((d) => d.kind === kind).map((d) => d.metadata!.name).sort()).toEqual(["casebook-console", "casebook-worker"]);
  });

  it("probes /healthz (liveness) and /readyz (readiness) on a declared port, on routes the app serves", () => {
    for (const d of deployments) {
      const app = d.metadata!.name === "casebook-worker" ? "worker" : "console";
      for (const c of podSpec(d).containers) {
        expect(c.livenessProbe?.httpGet?.path).toBe("/healthz");
        expect(c.readinessProbe?.httpGet?.path).toBe("/readyz");
        for (const probe of [c.livenessProbe!, c.readinessProbe!]) {
          expect(serves(app, probe.httpGet!.path), `${app} serves ${probe.httpGet!.path}`).toBe(true);
          expect(c.ports?.some((p) => p.name === probe.httpGet!.port || p.containerPort === probe.httpGet!.port)).toBe(true);
        }
      }
    }
  });

  it("gives a termination grace period, and each PDB selects its Deployment's pods", () => {
    for (const d of deployments) expect(podSpec(d).terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    for (const pdb of k8s.filter((d) => d.kind === "PodDisruptionBudget")) {
      const selector = (pdb.spec!.selector as { matchLabels: Record<string, string> }).matchLabels;
      const target = deployments.find((d) => d.metadata!.name === pdb.metadata!.name)!;
      const labels = (target.spec!.template as { metadata: { labels: Record<string, string> } }).metadata.labels;
      for (const [k, v] of Object.entries(selector)) expect(labels[k]).toBe(v);
    }
  });

  it("sets only variables the app's env schemas read (Deployments, the example Secret and ConfigMap)", () => {
    const set = [
      ...deployments.flatMap((d) => podSpec(d).containers.flatMap((c) => (c.env ?? []).map((e) => e.name))),
      ...k8s.filter((d) => d.kind === "Secret").flatMap((d) => Object.keys(d.stringData ?? {})),
      ...k8s.filter((d) => d.kind === "ConfigMap").flatMap((d) => Object.keys(d.data ?? {})),
    ];
    expect(set.filter((n) => !envNames.has(n))).toEqual([]);
  });
});

describe("infra/compose.yaml", () => {
  it("has PostgreSQL, the pooler in transaction mode, Redis with AOF on a volume, N workers and the console, each app variable known", () => {
    const compose = parse(read("infra/compose.yaml"), { merge: true }) as { services: Record<string, { command?: string[]; environment?: Record<string, string>; deploy?: { replicas?: unknown }; volumes?: string[]; healthcheck?: { test: string[] } }> };
    expect(Object.keys(compose.services).sort()).toEqual(["console", "pgbouncer", "postgres", "redis", "worker"]);
    expect(compose.services.pgbouncer!.environment!.POOL_MODE).toBe("transaction");
    expect(compose.services.redis!.command).toEqual(expect.arrayContaining(["--appendonly", "yes"]));
    expect(compose.services.redis!.volumes?.some((v) => v.endsWith(":/data"))).toBe(true);
    expect(compose.services.worker!.deploy!.replicas).toBeDefined();
    for (const app of ["worker", "console"]) {
      const names = Object.keys(compose.services[app]!.environment!);
      expect(names.filter((n) => !envNames.has(n))).toEqual([]);
      expect(compose.services[app]!.healthcheck!.test.join(" ")).toContain("/readyz");
    }
  });
});

describe("infra/grafana/casebook.json", () => {
  it("queries only metrics the worker or the console exports (or prom-client's defaults)", () => {
    const dashboard = JSON.parse(read("infra/grafana/casebook.json")) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const exported = read("apps/worker/src/metrics.ts") + read("apps/web/src/lib/metrics.ts");
    const names = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\b((?:casebook|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!)));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      if (!name.startsWith("casebook_")) continue;
      const base = name.replace(/_(bucket|count|sum)$/, "");
      expect(exported, `${name} is exported`).toContain(`"${base}"`);
    }
  });
});
