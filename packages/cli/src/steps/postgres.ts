import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { canApt, isLocalHost, unresolved, type Context } from "../context";
import { StepFailure } from "../output";
import { aptInstall } from "./apt";
import { urlParts } from "./env-file";

/** "answers" when the server talks (even to refuse the login: that is ensureDatabase's to say),
 *  "down" when nothing listens or it does not speak in time. */
export async function pgProbe(url: string): Promise<"answers" | "down"> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return "answers";
  } catch (error) {
    // A server-side error (bad password, no such database or role) carries a SQLSTATE: it answered.
    const code = (error as { code?: string }).code;
    return code && /^[0-9A-Z]{5}$/.test(code) ? "answers" : "down";
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export interface Cluster {
  version: string;
  name: string;
  port: number;
  status: string;
}

/** `pg_lsclusters -h`: "15 main 5432 online postgres /var/lib/... /var/log/...". */
export function parseClusters(text: string): Cluster[] {
  return text
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && /^\d+$/.test(f[2]!))
    .map(([version, name, port, status]) => ({ version: version!, name: name!, port: Number(port), status: status! }));
}

async function clusters(ctx: Context): Promise<Cluster[] | null> {
  if (!ctx.sys.have("pg_lsclusters")) return null;
  const r = await ctx.sys.run("pg_lsclusters", ["-h"]);
  return r.code === 0 ? parseClusters(r.stdout) : [];
}

/** What to do about a PostgreSQL that does not answer: the decision alone, tested on its own. */
export type PgPlan =
  | { do: "fail-remote" }
  | { do: "start"; cluster: Cluster }
  | { do: "fail-not-allowed"; cluster: Cluster }
  | { do: "create-cluster"; version: string }
  | { do: "install" }
  | { do: "fail-none" };

export function planPostgres(facts: {
  local: boolean;
  port: number;
  clusters: Cluster[] | null;
  canApt: boolean;
  isRoot: boolean;
  haveCreateCluster: boolean;
  installedVersions: string[];
  /** Whether this user owns the cluster's configuration (it may start it without root). */
  ownsCluster: (c: Cluster) => boolean;
}): PgPlan {
  if (!facts.local) return { do: "fail-remote" };
  const cluster = facts.clusters?.find((c) => c.port === facts.port);
  if (cluster) {
    if (cluster.status.startsWith("online")) return { do: "start", cluster }; // answers soon: wait for it
    return facts.isRoot || facts.ownsCluster(cluster) ? { do: "start", cluster } : { do: "fail-not-allowed", cluster };
  }
  // Debian's postgresql package normally creates 15/main; create it when no cluster exists at all.
  if (facts.clusters && facts.clusters.length === 0 && facts.isRoot && facts.haveCreateCluster && facts.installedVersions.length > 0) {
    return { do: "create-cluster", version: [...facts.installedVersions].sort((a, b) => Number(a) - Number(b)).at(-1)! };
  }
  if (facts.clusters === null && facts.canApt) return { do: "install" };
  return { do: "fail-none" };
}

const detached = (env: NodeJS.ProcessEnv) => {
  // Servers this command starts are the machine's, not the caller's: CI reaps every process that
  // carries its run marker, so daemons are started without it.
  const { CASEBOOK_CI_MARK: _mark, ...rest } = env;
  return rest;
};

async function pgWait(url: string, probe: typeof pgProbe, seconds = 30): Promise<boolean> {
  for (let i = 0; i < seconds; i++) {
    if ((await probe(url)) === "answers") return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

function installedVersions(): string[] {
  try {
    return readdirSync("/usr/lib/postgresql");
  } catch {
    return [];
  }
}

/** `probe` is the test's way to play a server that answers only once started. */
export async function ensurePostgres(ctx: Context, probe = pgProbe): Promise<void> {
  const url = ctx.env.DATABASE_URL!;
  const { host, port, safe } = urlParts(url);
  const where = `PostgreSQL at ${host || "socket"}:${port}`;
  const origin = ctx.origin.get("DATABASE_URL") ?? "default";
  if ((await probe(url)) === "answers") {
    ctx.out.ok(`${where} answers (DATABASE_URL from ${origin})`);
    await ensureDatabase(ctx);
    return;
  }
  let installedNow = false;
  let plan = planPostgres({
    local: isLocalHost(host),
    port,
    clusters: await clusters(ctx),
    canApt: canApt(ctx.sys),
    isRoot: ctx.sys.isRoot,
    haveCreateCluster: ctx.sys.have("pg_createcluster"),
    installedVersions: installedVersions(),
    ownsCluster: (c) => ownerOf(`/etc/postgresql/${c.version}/${c.name}`) === userInfo().username,
  });
  if (plan.do === "install") {
    await aptInstall(ctx, ["postgresql"]);
    installedNow = true;
    const after = (await clusters(ctx))?.find((c) => c.port === port);
    plan = after ? { do: "start", cluster: after } : { do: "fail-none" };
  }
  if (plan.do === "create-cluster") {
    ctx.out.did(`no PostgreSQL cluster exists: pg_createcluster ${plan.version} main --port ${port}`);
    const r = await ctx.sys.run("pg_createcluster", [plan.version, "main", "--port", String(port)], { env: detached(process.env), logFile: join(ctx.logDir, "postgres-create.log") });
    if (r.code !== 0) throw new StepFailure(`pg_createcluster ${plan.version} main failed (log: var/log/postgres-create.log)`);
    installedNow = true;
    plan = { do: "start", cluster: { version: plan.version, name: "main", port, status: "down" } };
  }
  switch (plan.do) {
    case "fail-remote":
      throw new StepFailure(`${where} does not answer (DATABASE_URL=${safe}, from ${origin})${await unresolved(host)}.`, [
        "a remote server is never started from here: start it, check the host, port and firewall, or",
        "unset DATABASE_URL (and remove it from .env) to use a local PostgreSQL that this command starts or installs.",
      ]);
    case "fail-not-allowed":
      throw new StepFailure(`${where} is installed (cluster ${plan.cluster.version}/${plan.cluster.name}) but stopped, and this user may not start it.`, [
        `run: sudo pg_ctlcluster --skip-systemctl-redirect ${plan.cluster.version} ${plan.cluster.name} start`,
      ]);
    case "fail-none": {
      const list = (await clusters(ctx))?.map((c) => `${c.version}/${c.name} port ${c.port} ${c.status}`).join("; ");
      throw new StepFailure(`${where} does not answer, and no local PostgreSQL cluster is set to listen on port ${port}.`, [
        `clusters here: ${list ?? "pg_lsclusters not found"}`,
        "Debian/Ubuntu: sudo apt-get install -y postgresql   (creates and starts cluster 15/main on 5432)",
        "or with Docker: docker compose -f infra/compose.yaml up -d",
        "or set DATABASE_URL to a server that runs (e.g. another port).",
      ]);
    }
    case "start": {
      const { version, name, status } = plan.cluster;
      if (!status.startsWith("online")) {
        ctx.out.did(`PostgreSQL ${version}/${name} is stopped: pg_ctlcluster --skip-systemctl-redirect ${version} ${name} start`);
        const r = await ctx.sys.run("pg_ctlcluster", ["--skip-systemctl-redirect", version, name, "start"], { env: detached(process.env), logFile: join(ctx.logDir, "postgres-start.log") });
        if (r.code !== 0) {
          throw new StepFailure(`pg_ctlcluster ${version} ${name} start failed: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`, [
            `its log: /var/log/postgresql/postgresql-${version}-${name}.log`,
            `${ctx.sys.isRoot ? "" : "as a user who may start it: sudo "}pg_ctlcluster --skip-systemctl-redirect ${version} ${name} start`,
          ]);
        }
      }
      if (!(await pgWait(url, probe))) throw new StepFailure(`${where} was started but does not answer after 30 s`, [`its log: /var/log/postgresql/postgresql-${version}-${name}.log`]);
      ctx.out.ok(`${where} answers (cluster ${version}/${name} started)`);
      if (installedNow) await trustLoopback(ctx, plan.cluster);
    }
  }
  await ensureDatabase(ctx);
}

function ownerOf(path: string): string | null {
  try {
    const uid = statSync(path).uid;
    return uid === userInfo().uid ? userInfo().username : String(uid);
  } catch {
    return null;
  }
}

/** A server this command installed itself is a local development server on loopback only: let the
 *  default DATABASE_URL (no password) in over TCP, as the machines this project runs on do. */
export function trustLoopbackText(hba: string): string | null {
  if (hba.includes("# casebook: trust loopback")) return null;
  return [
    "# casebook: trust loopback (development server installed by ./casebook; listens on localhost only)",
    "host all all 127.0.0.1/32 trust",
    "host all all ::1/128 trust",
    hba,
  ].join("\n");
}

async function trustLoopback(ctx: Context, c: Cluster): Promise<void> {
  const path = `/etc/postgresql/${c.version}/${c.name}/pg_hba.conf`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return;
  }
  const next = trustLoopbackText(text);
  if (next === null) return;
  writeFileSync(path, next);
  await ctx.sys.run("pg_ctlcluster", ["--skip-systemctl-redirect", c.version, c.name, "reload"], { env: detached(process.env) });
  ctx.out.did(`set trust for 127.0.0.1 and ::1 in ${path} (a server this command just installed, for development)`);
}

/** Hints for a refused login, from the server's message. */
export function loginHints(error: string, url: string): string[] {
  const { host, user, safe } = urlParts(url);
  if (/password authentication failed|no password supplied|peer authentication failed/.test(error)) {
    return [
      `the server refused the login of DATABASE_URL (${safe}).`,
      `put the right user and password in .env: DATABASE_URL=postgres://USER:PASSWORD@${host}:5432/casebook`,
      ...(isLocalHost(host) ? ["or, for a local development server, let loopback in: add 'host all all 127.0.0.1/32 trust' at the top of pg_hba.conf and reload"] : []),
    ];
  }
  if (/role .* does not exist/.test(error)) return [`create the role, e.g. as the postgres user: createuser --superuser ${user}`];
  return [];
}

/** The database of DATABASE_URL exists (created through the admin login, DATABASE_ADMIN_URL once the
 *  roles exist). */
export async function ensureDatabase(ctx: Context): Promise<void> {
  const url = ctx.env.DATABASE_URL!;
  const { db } = urlParts(url);
  if (!db) throw new StepFailure("DATABASE_URL names no database (expected …/casebook)");
  const adminUrl = urlParts(ctx.env.DATABASE_ADMIN_URL ?? url).admin;
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    let rows;
    try {
      rows = await sql`select 1 from pg_database where datname = ${db}`;
    } catch (error) {
      const message = (error as Error).message;
      throw new StepFailure(`cannot log in to PostgreSQL: ${message}`, loginHints(message, ctx.env.DATABASE_ADMIN_URL ?? url));
    }
    if (rows.length === 1) {
      ctx.out.ok(`database "${db}" exists`);
      return;
    }
    try {
      await sql.unsafe(`create database "${db.replaceAll('"', '""')}"`);
    } catch (error) {
      throw new StepFailure(`could not create database "${db}": ${(error as Error).message}`, [`the role of DATABASE_URL needs CREATEDB, or create it yourself: createdb ${db}`]);
    }
    ctx.out.did(`created database "${db}"`);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
