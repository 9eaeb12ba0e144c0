import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { ensurePostgres, parseClusters, pgProbe, planPostgres, trustLoopbackText, type Cluster } from "../src/steps/postgres";
import { adminServerUrl, fakeSystem, freePort, recordingRunner, testContext, unique } from "./helpers";

const SERVER = adminServerUrl();
const dbUrl = (name: string) => {
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  return u.toString();
};
const created: string[] = [];
afterAll(async () => {
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  for (const db of created) await admin.unsafe(`drop database if exists "${db}" with (force)`);
  await admin.end();
});

const cluster = (status: string, port = 5432): Cluster => ({ version: "15", name: "main", port, status });
const facts = { local: true, port: 5432, clusters: [] as Cluster[] | null, canApt: false, isRoot: false, haveCreateCluster: false, installedVersions: [] as string[], ownsCluster: () => false };

describe("PostgreSQL", () => {
  it("is found when it answers, and the database is created when it is missing", async () => {
    const name = unique("casebook_cli");
    created.push(name);
    const { ctx, out } = testContext("services", { env: { DATABASE_URL: dbUrl(name) } });
    await ensurePostgres(ctx);
    expect(out.text()).toContain("answers (DATABASE_URL from default)");
    expect(out.text()).toContain(`→ created database "${name}"`);
    const again = testContext("services", { env: { DATABASE_URL: dbUrl(name) } });
    await ensurePostgres(again.ctx);
    expect(again.out.text()).toContain(`✓ database "${name}" exists`);
  });

  it("answers / down: a server that refuses the login still answers; a closed port does not", async () => {
    expect(await pgProbe(SERVER)).toBe("answers");
    expect(await pgProbe(dbUrl(unique("no_such_db")))).toBe("answers");
    expect(await pgProbe(`postgres://postgres@127.0.0.1:${await freePort()}/x`)).toBe("down");
  });

  it("starts the stopped local cluster of its port (pg_ctlcluster), then goes on", async () => {
    const name = unique("casebook_cli");
    created.push(name);
    const runner = recordingRunner((c) => (c.command === "pg_lsclusters" ? { stdout: "15 main 5432 down postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log\n" } : undefined));
    const { ctx, out } = testContext("start", { sys: fakeSystem({ isRoot: true, run: runner.run }), env: { DATABASE_URL: dbUrl(name) } });
    // The real server plays one that answers only once pg_ctlcluster has run.
    const probe = async (url: string) => (runner.lines().some((l) => l.startsWith("pg_ctlcluster")) ? pgProbe(url) : ("down" as const));
    await ensurePostgres(ctx, probe);
    expect(runner.lines()).toEqual(["pg_lsclusters -h", "pg_ctlcluster --skip-systemctl-redirect 15 main start"]);
    expect(out.text()).toContain("✓ PostgreSQL at 127.0.0.1:5432 answers (cluster 15/main started)");
  });

  it("decides what to do about a server that does not answer", () => {
    expect(planPostgres({ ...facts, local: false })).toEqual({ do: "fail-remote" });
    expect(planPostgres({ ...facts, clusters: [cluster("down")], isRoot: false })).toEqual({ do: "fail-not-allowed", cluster: cluster("down") });
    expect(planPostgres({ ...facts, clusters: [cluster("down")], ownsCluster: () => true })).toEqual({ do: "start", cluster: cluster("down") });
    expect(planPostgres({ ...facts, clusters: [cluster("down", 5433)], isRoot: true })).toEqual({ do: "fail-none" });
    expect(planPostgres({ ...facts, clusters: [], isRoot: true, haveCreateCluster: true, installedVersions: ["13", "15"] })).toEqual({ do: "create-cluster", version: "15" });
    expect(planPostgres({ ...facts, clusters: null, canApt: true, isRoot: true })).toEqual({ do: "install" });
    expect(planPostgres({ ...facts, clusters: null, canApt: false })).toEqual({ do: "fail-none" });
  });

  it("installs postgresql with apt (root, Debian, no server tools) and starts the cluster it made", async () => {
    let installed = false;
    const runner = recordingRunner((c) => {
      if (c.command === "apt-get" && c.args[0] === "install") installed = true;
      if (c.command === "pg_lsclusters") return { stdout: "15 main 5432 down postgres /x /y\n" };
      if (c.command === "pg_ctlcluster") return { code: 1, stderr: "stop here" };
    });
    const { ctx } = testContext("start", { sys: fakeSystem({ isRoot: true, isDebian: true, have: (c) => installed || c === "apt-get", run: runner.run }), env: { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/x` } });
    await expect(ensurePostgres(ctx, async () => "down")).rejects.toThrow(/pg_ctlcluster 15 main start failed/);
    expect(runner.lines()).toEqual(["apt-get update -qq", "apt-get install -y -qq postgresql", "pg_lsclusters -h", "pg_ctlcluster --skip-systemctl-redirect 15 main start"]);
  });

  it("reads pg_lsclusters, and trusts loopback once in a pg_hba.conf it installed", () => {
    expect(parseClusters("15 main 5432 online postgres /var/lib/postgresql/15/main /var/log/x.log\n16 other 5433 down postgres /a /b\n")).toEqual([cluster("online"), { version: "16", name: "other", port: 5433, status: "down" }]);
    const once = trustLoopbackText("local all postgres peer\n")!;
    expect(once.split("\n").slice(1, 3)).toEqual(["host all all 127.0.0.1/32 trust", "host all all ::1/128 trust"]);
    expect(trustLoopbackText(once)).toBeNull();
  });
});
