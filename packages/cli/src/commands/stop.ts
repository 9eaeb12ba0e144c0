import { join } from "node:path";
import type { Context } from "../context";
import { alive, PidFile, stopTree, waitHttp } from "../processes";
import { loadEnv } from "../steps/env-file";

/** Stops what a `start` left running (not PostgreSQL or Redis: they are shared). */
export async function stop(ctx: Context): Promise<number> {
  const pidFile = new PidFile(join(ctx.runDir, "casebook.pids"));
  const running = pidFile.running();
  pidFile.remove();
  if (running.length === 0) {
    ctx.out.ok("nothing started by ./casebook start is running here");
  } else {
    // The start command stops its own parts in order on SIGTERM; what is left after 20 s is stopped here.
    const starter = running.find((p) => p.name === "casebook");
    if (starter) {
      ctx.out.did(`asking ./casebook start (pid ${starter.pid}) to stop its parts`);
      process.kill(starter.pid, "SIGTERM");
      for (let i = 0; i < 100 && alive(starter.pid); i++) await new Promise((r) => setTimeout(r, 200));
    }
    for (const part of running) {
      if (part.name === "casebook" || !alive(part.pid)) continue;
      ctx.out.did(`stopping ${part.name} (pid ${part.pid})`);
      if ((await stopTree(part.pid)) === "killed") ctx.out.warn(`${part.name} did not stop within 10 s of SIGTERM: sent SIGKILL`);
    }
    ctx.out.ok(`stopped: ${running.filter((p) => p.name !== "casebook").map((p) => p.name).join(" ")}`);
  }
  ctx.out.fix("PostgreSQL and Redis are left running (other work may use them). To stop local ones:");
  ctx.out.fix("  redis-cli shutdown nosave ; pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main stop");
  return 0;
}

/** What `start` is running from this folder, and whether the console answers. */
export async function status(ctx: Context): Promise<number> {
  const running = new PidFile(join(ctx.runDir, "casebook.pids")).running();
  if (running.length === 0) {
    ctx.out.ok("nothing started by ./casebook start is running here");
    return 1;
  }
  for (const p of running) ctx.out.ok(`${p.name} running (pid ${p.pid})`);
  loadEnv(ctx, false);
  const url = `http://localhost:${ctx.env.PORT}`;
  const answer = await waitHttp(url, () => true, 1);
  if (typeof answer === "number") ctx.out.ok(`console answers at ${url} (HTTP ${answer})`);
  else ctx.out.warn(`console does not answer at ${url}`);
  return 0;
}
