import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { since, type Context } from "../context";
import { StepFailure } from "../output";
import { PidFile, portBusy } from "../processes";
import { superviseParts } from "../supervise";
import { buildWeb, webMissing } from "../steps/build";
import { ensureCjkFont } from "../steps/cjk-font";
import { checkConfig } from "../steps/config";
import { checkDemoLogins, runMigrate, runSeed } from "../steps/db-content";
import { checkRuntimeLogin, ensureDbRoles } from "../steps/db-roles";
import { printLogins } from "../steps/demo-logins";
import { loadEnv } from "../steps/env-file";
import { partSpecs, sinkPorts } from "../steps/parts";
import { ensurePgbouncer } from "../steps/pgbouncer";
import { ensurePostgres } from "../steps/postgres";
import { ensureRedis } from "../steps/redis";
import { checkNode, checkPnpm, ensureDeps } from "../steps/toolchain";

/** Everything up to the processes: what `start` does before it runs anything. */
export async function prepareStack(ctx: Context): Promise<void> {
  checkNode(ctx);
  await checkPnpm(ctx, "install");
  await ensureDeps(ctx);
  loadEnv(ctx, true);
  await checkConfig(ctx, "strict");
  await ensurePostgres(ctx);
  await ensureDbRoles(ctx);
  await ensureRedis(ctx);
  await ensurePgbouncer(ctx);
  await ensureCjkFont(ctx);
  await runMigrate(ctx);
  await checkRuntimeLogin(ctx);
  await runSeed(ctx);
  await checkDemoLogins(ctx);
}

export async function start(ctx: Context): Promise<number> {
  const t0 = Date.now();
  await prepareStack(ctx);

  mkdirSync(ctx.runDir, { recursive: true });
  const pidFile = new PidFile(join(ctx.runDir, "casebook.pids"));
  const running = pidFile.running();
  if (running.length > 0) {
    throw new StepFailure(`Casebook is already running from this folder: ${running.map((p) => `${p.name} ${p.pid}`).join(" ")}`, ["stop it with ./casebook stop, or use that one."]);
  }
  pidFile.remove();

  const why = webMissing(ctx.root);
  if (why) throw new StepFailure(`cannot start the console: ${why}`, ["pull the latest main; meanwhile ./casebook services gives you PostgreSQL and Redis"]);
  await buildWeb(ctx);

  const port = Number(ctx.env.PORT);
  if (await portBusy(port)) throw new StepFailure(`port ${port} is already in use on this machine`, ["free it, or choose another: PORT=3300 ./casebook start"]);
  const { parts, missing } = partSpecs(ctx);
  const ports = sinkPorts(ctx.env);
  if (parts.some((p) => p.name === "sinks") && ((await portBusy(ports.smtp)) || (await portBusy(ports.provider)))) {
    throw new StepFailure(`the channel sinks' ports are in use (SMTP ${ports.smtp}, provider ${ports.provider})`, [
      "stop what holds them, or choose others: SMTP_URL=smtp://127.0.0.1:2625 PROVIDER_URL=http://127.0.0.1:4110 ./casebook start",
    ]);
  }
  for (const m of missing) ctx.out.warn(m.name === "sinks" ? `channel sinks not started: ${m.why} (messages will fail to send)` : `${m.name} not started: ${m.why}`);

  return superviseParts(ctx, parts, pidFile, {
    url: `http://localhost:${port}`,
    onReady: async (status) => {
      ctx.out.ok(`console answers at http://localhost:${port} (HTTP ${status}) ${since(t0)} after start`);
      ctx.out.line();
      ctx.out.line(`${ctx.out.bold("Casebook is running:")} http://localhost:${port}`);
      await printLogins(ctx);
      ctx.out.line();
      ctx.out.line("Ctrl-C stops the console, the worker and the sinks (PostgreSQL and Redis stay up). Logs: above.");
      ctx.out.line();
    },
  });
}
