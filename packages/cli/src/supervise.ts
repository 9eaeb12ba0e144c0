import type { Context } from "./context";
import { StepFailure } from "./output";
import { spawnPart, stopTree, waitHttp, type PartSpec, type PidFile, type RunningPart } from "./processes";
import { isPnpmNoise } from "./steps/db-content";

export interface SuperviseOptions {
  /** The console's address: the parts are up once it answers. */
  url: string;
  onReady: (status: number) => Promise<void>;
  /** How long the console may take to answer, in seconds. */
  limitS?: number;
  pollMs?: number;
}

/**
 * Runs the parts in order (`casebook`, then each part, in the pid file) and watches them: SIGINT,
 * SIGTERM or SIGHUP, a part that exits, or the pid file removed by `./casebook stop` elsewhere stops
 * them all in reverse order (a console without its worker is a half-working demo). Resolves the exit
 * code: 0 when stopped from outside, 1 when a part died; a console that never answers is a
 * StepFailure, after the others are stopped.
 */
export async function superviseParts(ctx: Context, parts: PartSpec[], pidFile: PidFile, options: SuperviseOptions): Promise<number> {
  pidFile.add("casebook", process.pid);
  const started: RunningPart[] = [];
  const done = (p: RunningPart) => p.child.exitCode !== null || p.child.signalCode !== null;
  let stopping: Promise<void> | null = null;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const part of [...started].reverse()) {
        if (done(part)) continue;
        ctx.out.did(`stopping ${part.spec.name} (pid ${part.child.pid})`);
        if ((await stopTree(part.child.pid!)) === "killed") ctx.out.warn(`${part.spec.name} did not stop within 10 s of SIGTERM: sent SIGKILL`);
      }
      pidFile.remove();
    })());

  const signals = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  // Set by a signal: the parts then exit because we stop them, which is no failure to report.
  let signalled: number | null = null;
  const handlers = Object.entries(signals).map(([name, code]) => {
    // A second Ctrl-C while stopping waits for the same stop instead of orphaning the parts.
    const handler = async () => {
      signalled ??= code;
      ctx.out.line();
      ctx.out.did(`received ${name}: stopping the console, the worker and the sinks (PostgreSQL and Redis stay up)`);
      await stopAll();
      ctx.out.ok("stopped");
      process.exit(code);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });

  try {
    for (const spec of parts) {
      const part = spawnPart(spec, (l) => isPnpmNoise(l) || ctx.out.prefixed(spec.name, l), ctx.root);
      started.push(part);
      pidFile.add(spec.name, part.child.pid!);
      ctx.out.did(`started ${spec.name} (pid ${part.child.pid}): ${[spec.command, ...spec.args].join(" ")}${spec.env.NODE_ENV === "production" && spec.name === "worker" ? " (NODE_ENV=production)" : ""}`);
    }
    const web = started.find((p) => p.spec.name === "web");
    ctx.out.did(`waiting for ${options.url}`);
    const status = await waitHttp(options.url, () => !web || !done(web), options.limitS ?? 180);
    if (signalled !== null) return await stopAll().then(() => signalled!);
    if (status === "exited") throw new StepFailure("the web console exited before answering (its output is above, prefixed [web])", ["run it alone: pnpm --filter @casebook/web start"]);
    if (status === "timeout") throw new StepFailure(`the web console does not answer at ${options.url} after ${options.limitS ?? 180} s`, ["its output is above, prefixed [web]"]);
    await options.onReady(status);

    for (;;) {
      if (signalled !== null) return await stopAll().then(() => signalled!);
      if (!pidFile.exists()) {
        ctx.out.did("./casebook stop was run elsewhere: stopping");
        await stopAll();
        return 0;
      }
      const dead = started.find(done);
      if (dead) {
        ctx.out.bad(`${dead.spec.name} exited (status ${await dead.exited}): stopping the others`);
        await stopAll();
        return 1;
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
    }
  } finally {
    // Whatever went wrong after the first spawn, no part outlives the command that started it.
    await stopAll();
    for (const [name, handler] of handlers) process.off(name, handler);
  }
}
