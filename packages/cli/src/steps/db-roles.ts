import { join } from "node:path";
import { since, type Context } from "../context";
import { StepFailure } from "../output";
import { tsxBin } from "./config";
import { reloadDatabaseUrls } from "./env-file";

/**
 * The owner and runtime roles (`pnpm db:roles`, packages/db/src/roles): the owner migrates, the console
 * and the worker log in as the runtime role, which cannot rewrite the ledger. The first time, the roles
 * CLI generates both passwords into .env (the former DATABASE_URL, a superuser's, becomes
 * DATABASE_ADMIN_URL); the database URLs are then reloaded from it.
 */
export async function ensureDbRoles(ctx: Context): Promise<void> {
  const t = Date.now();
  const envFile = ctx.envFile;
  const r = await ctx.sys.run(tsxBin(ctx.root), [join(ctx.root, "packages/db/src/cli/roles.ts"), "--env-file", envFile], { cwd: join(ctx.root, "packages/db"), env: ctx.env });
  const out = `${r.stdout}${r.stderr}`.trim();
  if (r.code !== 0) {
    throw new StepFailure(`creating the database roles failed: ${out}`, [`rerun it alone: pnpm db:roles --env-file ${envFile}   (DATABASE_ADMIN_URL must be a superuser)`]);
  }
  reloadDatabaseUrls(ctx);
  ctx.out.ok(`database roles ready in ${since(t)}: ${out.split("\n").at(-1)}`);
}

/**
 * The console and the worker run with NODE_ENV=production under ./casebook start: neither may log in as
 * a superuser or as the tables' owner, who could switch the ledger's append-only triggers off (issue
 * 10). packages/db's check (a real connection) says why and how to fix it, naming DATABASE_URL.
 * `fix` (start) stops with it; `report` (doctor) lists it as a problem and goes on.
 */
export async function checkRuntimeLogin(ctx: Context, act: "fix" | "report" = "fix"): Promise<void> {
  const r = await ctx.sys.run(tsxBin(ctx.root), [join(ctx.root, "packages/db/src/cli/check-runtime-login.ts")], { cwd: join(ctx.root, "packages/db"), env: ctx.env });
  const out = `${r.stdout}${r.stderr}`.trim();
  if (r.code === 0) {
    ctx.out.ok(out.split("\n").at(-1) ?? "DATABASE_URL logs in as a runtime role");
    return;
  }
  if (act === "report") {
    ctx.out.bad(`the console and the worker would connect as a login that can rewrite the ledger: ${out.split("\n").at(-1)}`);
    ctx.out.fix("run: pnpm db:roles --env-file .env   (./casebook start does it), then give the console and the worker its DATABASE_URL");
    return;
  }
  throw new StepFailure("the console and the worker would connect as a login that can rewrite the ledger:", [
    ...out.split("\n"),
    `then rerun ./casebook ${ctx.mode}`,
  ]);
}
