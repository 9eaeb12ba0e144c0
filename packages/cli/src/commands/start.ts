import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { since, type Context } from "../context";
import { StepFailure } from "../output";
import { PidFile, portBusy, spawnPart, stopTree, waitHttp, type RunningPart } from "../processes";
import { buildWeb, webMissing } from "../steps/build";
import { ensureCjkFont } from "../steps/cjk-font";
import { checkConfig } from "../steps/config";
import { checkDemoLogins, runMigrate, runSeed } from "../steps/db-content";
import { ensureDbRoles } from "../steps/db-roles";
import { printLogins } from "../steps/demo-logins";
import { loadEnv } from "../steps/env-file";
import { partSpecs, sinkPorts } from "../steps/parts";
import { ensurePostgres } from "../steps/postgres";
import { ensureRedis } from "../steps/redis";
import { checkNode, checkPnpm, ensureDeps } from "../steps/toolchain";
import { isPnpmNoise } from "../steps/db-content";

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
  await ensureCjkFont(ctx);
  await runMigrate(ctx);
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

  pidFile.add("casebook", process.pid);
  const started: RunningPart[] = [];
  let stopping: Promise<void> | null = null;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const part of [...started].reverse()) {
        if (part.child.exitCode !== null || part.child.signalCode !== null) continue;
        ctx.out.did(`stopping ${part.spec.name} (pid ${part.child.pid})`);
        if ((await stopTree(part.child.pid!)) === "killed") ctx.out.warn(`${part.spec.name} did not stop within 10 s of SIGTERM: sent SIGKILL`);
      }
      pidFile.remove();
    })());

  const onSignal = (name: string, code: number) => async () => {
    ctx.out.line();
    ctx.out.did(`received ${name}: stopping the console, the worker and the sinks (PostgreSQL and Redis stay up)`);
    await stopAll();
    ctx.out.ok("stopped");
    process.exit(code);
  };
  process.once("SIGINT", onSignal("SIGINT", 130));
  process.once("SIGTERM", onSignal("SIGTERM", 143));
  process.once("SIGHUP", onSignal("SIGHUP", 129));

  for (const spec of parts) {
    const part = spawnPart(spec, (l) => isPnpmNoise(l) || ctx.out.prefixed(spec.name, l), ctx.root);
    started.push(part);
    pidFile.add(spec.name, part.child.pid!);
    ctx.out.did(`started ${spec.name} (pid ${part.child.pid}): ${[spec.command, ...spec.args].join(" ")}${spec.name === "worker" ? " (NODE_ENV=production)" : ""}`);
  }

  const web = started.find((p) => p.spec.name === "web")!;
  const url = `http://localhost:${port}`;
  ctx.out.did(`waiting for ${url}`);
  const status = await waitHttp(url, () => web.child.exitCode === null && web.child.signalCode === null, 180);
  if (status === "exited") {
    await stopAll();
    throw new StepFailure("the web console exited before answering (its output is above, prefixed [web])", ["run it alone: pnpm --filter @casebook/web start"]);
  }
  if (status === "timeout") {
    await stopAll();
    throw new StepFailure(`the web console does not answer at ${url} after 180 s`, ["its output is above, prefixed [web]"]);
  }
  ctx.out.ok(`console answers at ${url} (HTTP ${status}) ${since(t0)} after start`);
  ctx.out.line();
  ctx.out.line(`${ctx.out.bold("Casebook is running:")} ${url}`);
  await printLogins(ctx);
  ctx.out.line();
  ctx.out.line("Ctrl-C stops the console, the worker and the sinks (PostgreSQL and Redis stay up). Logs: above.");
  ctx.out.line();

  // A part that dies takes the rest down: a console without its worker is a half-working demo.
  for (;;) {
    if (!pidFile.exists()) {
      ctx.out.did("./casebook stop was run elsewhere: stopping");
      await stopAll();
      return 0;
    }
    for (const part of started) {
      if (part.child.exitCode !== null || part.child.signalCode !== null) {
        ctx.out.bad(`${part.spec.name} exited (status ${await part.exited}): stopping the others`);
        await stopAll();
        return 1;
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
