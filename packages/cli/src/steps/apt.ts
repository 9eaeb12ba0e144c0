import { join } from "node:path";
import type { Context } from "../context";
import { StepFailure } from "../output";

/** apt-get install, with one apt-get update first: install fails on a machine whose package lists
 *  were never fetched. Output goes to var/log/apt.log. */
export async function aptInstall(ctx: Context, packages: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const logFile = join(ctx.logDir, "apt.log");
  if (!ctx.aptUpdated) {
    ctx.out.did("apt-get update");
    const r = await ctx.sys.run("apt-get", ["update", "-qq"], { env, logFile });
    if (r.code !== 0) throw new StepFailure("apt-get update failed (log: var/log/apt.log)", ["run: apt-get update   and retry"]);
    ctx.aptUpdated = true;
  }
  ctx.out.did(`apt-get install -y ${packages.join(" ")}`);
  const r = await ctx.sys.run("apt-get", ["install", "-y", "-qq", ...packages], { env, logFile });
  if (r.code !== 0) {
    throw new StepFailure(`apt-get install ${packages.join(" ")} failed (log: var/log/apt.log)`, [`run: apt-get install -y ${packages.join(" ")}   and read its error`]);
  }
}
