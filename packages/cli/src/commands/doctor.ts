import { existsSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { isLocalHost, type Context } from "../context";
import { PidFile, portBusy } from "../processes";
import { webBuilt, webMissing } from "../steps/build";
import { checkConfig } from "../steps/config";
import { accountCount, partMissing } from "../steps/db-content";
import { checkRuntimeLogin } from "../steps/db-roles";
import { generateSecrets, loadEnv, urlParts } from "../steps/env-file";
import { loginHints, parseClusters, pgProbe } from "../steps/postgres";
import { checkRedisPolicy, redisProbe } from "../steps/redis";
import { checkNode, checkPnpm, depsState } from "../steps/toolchain";

/** Reports what is there and what is missing; changes nothing. Exit 1 when there is a problem. */
export async function doctor(ctx: Context): Promise<number> {
  const { out } = ctx;
  checkNode(ctx);
  await checkPnpm(ctx, "report");
  const deps = depsState(ctx.root);
  if (deps === "fresh") out.ok("dependencies installed (node_modules matches pnpm-lock.yaml)");
  else {
    out.bad(`dependencies ${deps}`);
    out.fix("run: pnpm install --frozen-lockfile   (./casebook start does it)");
  }
  if (existsSync(ctx.envFile)) out.ok(".env present");
  else out.warn(".env absent (./casebook start writes it, with a new AUTH_SECRET)");
  loadEnv(ctx, false);
  // The secrets start generates into .env: when unset, stand-ins let the rest be validated.
  const unset = Object.entries(generateSecrets()).filter(([k]) => !ctx.env[k]);
  if (unset.length > 0) out.warn(`${unset.map(([k]) => k).join(", ")} unset (./casebook start generates them into .env); validating the rest`);
  const configOk = await checkConfig(ctx, "report", { ...ctx.env, ...Object.fromEntries(unset) });
  if (!configOk) {
    out.line();
    out.line("doctor: the configuration is invalid (above): services not checked.");
    return 1;
  }

  await doctorPostgres(ctx);
  await doctorRedis(ctx);

  for (const [dir, script] of [["packages/db", "migrate"], ["packages/db", "seed"], ["packages/channels", "sinks"], ["apps/worker", "start"]] as const) {
    const why = partMissing(ctx.root, dir, script);
    if (why) out.warn(why);
    else out.ok(`${dir} has its "${script}" script`);
  }
  const why = webMissing(ctx.root);
  if (why) out.warn(why);
  else if (webBuilt(ctx.root)) out.ok("web console built (apps/web/.next)");
  else out.warn("web console not built yet (./casebook start builds it)");
  if (ctx.sys.have("chromium") || ctx.sys.fileExists("/usr/bin/chromium")) out.ok("chromium present (Playwright tests)");
  else out.warn("chromium not installed (pnpm test's Playwright suite needs it: apt-get install -y chromium; .ci/run does it)");
  const running = new PidFile(join(ctx.runDir, "casebook.pids")).running();
  if (running.length > 0) out.ok(`running from ./casebook start: ${running.map((p) => `${p.name} ${p.pid}`).join(" ")}`);
  const port = Number(ctx.env.PORT);
  if (await portBusy(port)) out.warn(`port ${port} is in use${running.length > 0 ? " (by the running console?)" : ""}`);
  else out.ok(`port ${port} is free`);

  out.line();
  if (out.counts.problems > 0) {
    out.line(`doctor: ${out.counts.problems} problem(s), ${out.counts.warnings} warning(s). ./casebook start fixes what it can.`);
    return 1;
  }
  out.line(`doctor: no problems, ${out.counts.warnings} warning(s).`);
  return 0;
}

async function doctorPostgres(ctx: Context): Promise<void> {
  const { out } = ctx;
  const url = ctx.env.DATABASE_URL!;
  const { host, port, db } = urlParts(url);
  if ((await pgProbe(url)) === "answers") {
    out.ok(`PostgreSQL at ${host}:${port} answers (DATABASE_URL from ${ctx.origin.get("DATABASE_URL") ?? "default"})`);
    const sql = postgres(urlParts(ctx.env.DATABASE_ADMIN_URL ?? url).admin, { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      const rows = await sql`select 1 from pg_database where datname = ${db}`;
      if (rows.length === 0) out.warn(`database "${db}" does not exist yet (./casebook start or services creates it)`);
      else {
        const n = await accountCount(url);
        if (n === -1) out.warn(`database "${db}" exists but is not migrated (run: pnpm db:migrate)`);
        else if (n === 0) out.warn(`database "${db}" is migrated but has no accounts (run: pnpm db:seed --accounts ${ctx.env.CASEBOOK_SEED_ACCOUNTS || 2000})`);
        else if (n === null) out.warn(`database "${db}": could not count its accounts`);
        else out.ok(`database "${db}" has ${n} accounts`);
        // What the start refuses (issue 10): the console and the worker on a login that can rewrite the ledger.
        await checkRuntimeLogin(ctx, "report");
      }
    } catch (error) {
      const message = (error as Error).message;
      out.bad(`cannot log in to PostgreSQL: ${message}`);
      for (const h of loginHints(message, url)) out.fix(h);
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
    return;
  }
  const listed = ctx.sys.have("pg_lsclusters") ? parseClusters((await ctx.sys.run("pg_lsclusters", ["-h"])).stdout) : [];
  const cluster = listed.find((c) => c.port === port);
  if (!isLocalHost(host)) out.bad(`PostgreSQL at ${host}:${port} does not answer (remote; DATABASE_URL from ${ctx.origin.get("DATABASE_URL")})`);
  else if (cluster) {
    out.bad(`PostgreSQL cluster ${cluster.version} ${cluster.name} is installed but ${cluster.status}`);
    out.fix(`run: ./casebook services   (or pg_ctlcluster --skip-systemctl-redirect ${cluster.version} ${cluster.name} start)`);
  } else {
    out.bad(`no PostgreSQL answers on ${host}:${port} and none is installed for that port`);
    out.fix("run as root on Debian: ./casebook services (installs it), or: apt-get install -y postgresql");
  }
}

async function doctorRedis(ctx: Context): Promise<void> {
  const { out } = ctx;
  const { host, port } = urlParts(ctx.env.REDIS_URL!);
  const probe = await redisProbe(ctx.env.REDIS_URL!);
  if (probe.state === "answers") {
    out.ok(`Redis at ${host}:${port} answers (REDIS_URL from ${ctx.origin.get("REDIS_URL") ?? "default"})`);
    await checkRedisPolicy(ctx, "report");
  } else if (probe.state === "auth") {
    out.bad(`Redis at ${host}:${port} refuses REDIS_URL's credentials: ${probe.message}`);
  } else if (ctx.sys.have("redis-server")) {
    out.bad(`Redis at ${host}:${port} does not answer (redis-server is installed)`);
    out.fix("run: ./casebook services");
  } else {
    out.bad(`Redis at ${host}:${port} does not answer and redis-server is not installed`);
    out.fix("run as root on Debian: ./casebook services, or apt-get install -y redis-server");
  }
}
