import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { since, type Context } from "../context";
import { StepFailure } from "../output";
import { packageScript } from "./db-content";

export function webMissing(root: string): string | null {
  if (!existsSync(join(root, "apps/web/package.json"))) return "apps/web/package.json is missing";
  if (!packageScript(root, "apps/web", "build")) return "apps/web has no build script";
  if (!["app", "src/app", "pages", "src/pages"].some((d) => existsSync(join(root, "apps/web", d)))) return "apps/web has no app/ (or pages/) folder yet: the console is not written";
  return null;
}

/** turbo's closing "Cached: N cached, N total": everything came from the cache. */
// turbo colours its summary; the escape sequences go before reading it.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const plain = (text: string) => text.replace(ANSI, "");

export function fullCacheHit(log: string): boolean {
  const m = /Cached:[^0-9]*(\d+) cached, (\d+) total/.exec(plain(log));
  return !!m && Number(m[1]) > 0 && m[1] === m[2];
}

/** Turbo hashes the web app's inputs (and its workspace dependencies): an unchanged tree is a cache hit
 *  that restores .next in a second instead of a long, 1 GB build. */
export async function buildWeb(ctx: Context): Promise<void> {
  const t = Date.now();
  const logFile = join(ctx.logDir, "build.log");
  const r = await ctx.sys.run("pnpm", ["exec", "turbo", "run", "build", "--filter=@casebook/web", "--output-logs=new-only"], { cwd: ctx.root, env: ctx.env });
  const log = `${r.stdout}${r.stderr}`;
  writeFileSync(logFile, log);
  if (r.code !== 0) {
    for (const l of log.trim().split("\n").slice(-40)) ctx.out.prefixed("build", l);
    throw new StepFailure("the web build failed (full log: var/log/build.log)", ["rerun it alone: pnpm --filter @casebook/web build"]);
  }
  const summary = /Cached:.*$/m.exec(plain(log))?.[0].trim() ?? "";
  if (fullCacheHit(log)) ctx.out.ok(`web build up to date (turbo cache hit: ${summary}, ${since(t)})`);
  else ctx.out.ok(`web built (pnpm exec turbo run build --filter=@casebook/web, ${since(t)}; log: var/log/build.log)`);
}

export const webBuilt = (root: string) => existsSync(join(root, "apps/web/.next/BUILD_ID")) && readFileSync(join(root, "apps/web/.next/BUILD_ID"), "utf8").length > 0;
