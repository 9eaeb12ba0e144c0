import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "../context";
import { StepFailure } from "../output";

export const tsxBin = (root: string) => join(root, "node_modules/.bin/tsx");

/**
 * Validates the whole configuration with scripts/check-env.ts (zod, then every package's env.ts) as
 * the started processes will see it: the console (`next start`) and the worker run with
 * NODE_ENV=production, so a missing or development-fallback secret (AUTH_SECRET, PROVIDER_API_KEY,
 * PROVIDER_SIGNING_SECRET) stops the start here, naming the variable, rather than minutes later in a
 * process that refuses it or, worse, in one that accepts a published value.
 * `strict` fails the step (start); `report` says it and returns false (doctor).
 */
export async function checkConfig(ctx: Context, how: "strict" | "report", env: Record<string, string | undefined> = ctx.env): Promise<boolean> {
  if (!existsSync(join(ctx.root, "node_modules/.pnpm"))) {
    if (how === "report") ctx.out.warn("config not validated: dependencies are not installed (zod comes with them)");
    return how !== "report";
  }
  const r = await ctx.sys.run(tsxBin(ctx.root), [join(ctx.root, "scripts/check-env.ts")], { cwd: ctx.root, env: { ...env, NODE_ENV: "production" } });
  const out = `${r.stdout}${r.stderr}`.trim();
  if (r.code === 0) {
    ctx.out.ok(`${out} (as the console and the worker run: NODE_ENV=production)`);
    return true;
  }
  const lines = out.split("\n");
  if (how === "report") {
    ctx.out.bad("configuration is invalid:");
    for (const l of lines) ctx.out.fix(l);
    return false;
  }
  throw new StepFailure("configuration is invalid (values from the environment, then .env, then defaults):", [
    ...lines,
    `fix the variable named above in .env or in the environment, then rerun ./casebook ${ctx.mode}`,
  ]);
}
