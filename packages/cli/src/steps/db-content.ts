import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { since, type Context } from "../context";
import { StepFailure } from "../output";
import { tsxBin } from "./config";

/** pnpm's "> pkg@ script" banners and blank lines: kept in the log files, not worth a screen line. */
export const isPnpmNoise = (line: string) => /^> |^\s*$/.test(line);

export function packageScript(root: string, dir: string, script: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    return pkg.scripts?.[script] ?? "";
  } catch {
    return "";
  }
}

/** A part is there when its package.json names the script and the file it runs with tsx exists;
 *  otherwise the reason, for the message. */
export function partMissing(root: string, dir: string, script: string): string | null {
  const cmd = packageScript(root, dir, script);
  if (!cmd) return `${dir}/package.json has no "${script}" script`;
  const m = /tsx\s+(?:watch\s+)?(\S+\.ts)/.exec(cmd);
  if (m && !existsSync(join(root, dir, m[1]!))) return `${dir}/${m[1]} does not exist yet ("${script}": ${cmd})`;
  return null;
}

async function pnpmStep(ctx: Context, tag: string, args: string[], env: Record<string, string | undefined> = ctx.env) {
  return ctx.sys.run("pnpm", args, { cwd: ctx.root, env, logFile: join(ctx.logDir, `${tag}.log`), onLine: (l) => isPnpmNoise(l) || ctx.out.prefixed(tag, l) });
}

export async function runMigrate(ctx: Context): Promise<void> {
  const why = partMissing(ctx.root, "packages/db", "migrate");
  if (why) throw new StepFailure(`cannot migrate: ${why}`, ["packages/db is not finished: pull the latest main, or run ./casebook services and work on it"]);
  const t = Date.now();
  const r = await pnpmStep(ctx, "migrate", ["db:migrate"]);
  if (r.code !== 0) throw new StepFailure("pnpm db:migrate failed (log: var/log/migrate.log)", ["rerun it alone to see why: pnpm db:migrate"]);
  ctx.out.ok(`migrations applied (pnpm db:migrate, ${since(t)})`);
}

/** -1: no accounts table (not migrated); null: the database could not be asked. */
export async function accountCount(url: string): Promise<number | null> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const [row] = await sql<{ t: boolean }[]>`select to_regclass('public.accounts') is not null as t`;
    if (!row?.t) return -1;
    const [n] = await sql<{ n: string }[]>`select count(*) as n from accounts`;
    return Number(n?.n);
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export type SeedPlan = { do: "seed" } | { do: "skip"; level: "ok" | "warn"; why: string };

/** The demo (users with a published password) is seeded only into an empty database, and never
 *  under NODE_ENV=production. */
export function planSeed(count: number | null, nodeEnv: string | undefined): SeedPlan {
  if (count === -1) return { do: "skip", level: "warn", why: "no accounts table after migrating: nothing to seed into (is packages/db's schema there yet?)" };
  if (count === null) return { do: "skip", level: "warn", why: "could not count the accounts in the database: not seeding (check with: psql \"$DATABASE_URL\" -c 'select count(*) from accounts')" };
  if (count !== 0) return { do: "skip", level: "ok", why: `database has ${count} accounts: not seeding` };
  if (nodeEnv === "production") return { do: "skip", level: "warn", why: "database is empty: not seeding the demo (NODE_ENV=production; its users have a published password)" };
  return { do: "seed" };
}

export async function runSeed(ctx: Context): Promise<void> {
  const accounts = ctx.env.CASEBOOK_SEED_ACCOUNTS || "2000";
  const plan = planSeed(await accountCount(ctx.env.DATABASE_URL!), ctx.env.NODE_ENV);
  if (plan.do === "skip") {
    ctx.out[plan.level](plan.why);
    return;
  }
  const why = partMissing(ctx.root, "packages/db", "seed");
  if (why) {
    ctx.out.warn(`database is empty and cannot be seeded: ${why}`);
    return;
  }
  ctx.out.did(`database has no accounts: pnpm db:seed --accounts ${accounts}`);
  const t = Date.now();
  const r = await pnpmStep(ctx, "seed", ["db:seed", "--accounts", accounts]);
  if (r.code !== 0) {
    throw new StepFailure("pnpm db:seed failed (log: var/log/seed.log)", [
      `rerun it alone: pnpm db:seed --accounts ${accounts}`,
      `if it says the database already holds data: pnpm db:seed --accounts ${accounts} --reset   (drops and recreates that database)`,
    ]);
  }
  ctx.out.ok(`seeded ${accounts} accounts in ${since(t)}`);
}

/** A production start never serves the published demo logins (packages/db/src/cli/demo-logins.ts
 *  refuses them when NODE_ENV=production). */
export async function checkDemoLogins(ctx: Context): Promise<void> {
  const r = await ctx.sys.run(tsxBin(ctx.root), [join(ctx.root, "packages/db/src/cli/demo-logins.ts")], { cwd: join(ctx.root, "packages/db"), env: ctx.env });
  const out = `${r.stdout}${r.stderr}`.trim();
  if (r.code !== 0) throw new StepFailure(out);
  ctx.out.ok(out);
}
