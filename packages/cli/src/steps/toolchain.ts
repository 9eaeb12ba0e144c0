import { readFileSync } from "node:fs";
import { join } from "node:path";
import { since, type Context } from "../context";
import { StepFailure } from "../output";

export const PNPM_VERSION = "10.34.9";
export const NODE_MIN = "20.19";

/** Vitest 4 and Next 16 need Node ≥ 20.19. */
export function nodeVersionOk(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major > 20 || (major === 20 && minor >= 19);
}

export function checkNode(ctx: Context, version = process.versions.node): void {
  if (!nodeVersionOk(version)) {
    throw new StepFailure(`Node.js ${version} is too old (Casebook needs ≥ ${NODE_MIN}: vitest 4 and Next 16 require it).`, [
      `install Node.js 20 LTS (≥ ${NODE_MIN}): https://nodejs.org/en/download, or nvm install 20; then rerun ./casebook ${ctx.mode}`,
    ]);
  }
  ctx.out.ok(`node ${version} (≥ ${NODE_MIN})`);
}

export type PnpmVerdict = "pinned" | "other-10" | "unsupported" | "missing";

/** pnpm 11+ cannot record its own pin with this registry, so --frozen-lockfile fails (docs/CONVENTIONS.md). */
export function pnpmVerdict(version: string | null): PnpmVerdict {
  if (!version) return "missing";
  if (version === PNPM_VERSION) return "pinned";
  return version.startsWith("10.") ? "other-10" : "unsupported";
}

async function pnpmVersion(ctx: Context): Promise<string | null> {
  if (!ctx.sys.have("pnpm")) return null;
  const r = await ctx.sys.run("pnpm", ["--version"]);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** `install`: a missing pnpm is installed with npm (corepack's signature check fails on this
 *  registry); `report`: only said (doctor). */
export async function checkPnpm(ctx: Context, how: "install" | "report"): Promise<void> {
  let version = await pnpmVersion(ctx);
  if (version === null) {
    if (how === "report") {
      ctx.out.bad("pnpm is not installed");
      ctx.out.fix(`run: npm i -g pnpm@${PNPM_VERSION}   (corepack's signature check fails on this registry)`);
      return;
    }
    if (!ctx.sys.have("npm")) throw new StepFailure("pnpm is not installed and npm is not there to install it", [`install Node.js with npm, then: npm i -g pnpm@${PNPM_VERSION}`]);
    ctx.out.did(`pnpm not found: npm i -g pnpm@${PNPM_VERSION} (corepack fails on this registry)`);
    const r = await ctx.sys.run("npm", ["i", "-g", `pnpm@${PNPM_VERSION}`], { logFile: join(ctx.logDir, "npm-pnpm.log") });
    if (r.code !== 0) {
      throw new StepFailure(`npm i -g pnpm@${PNPM_VERSION} failed (log: var/log/npm-pnpm.log)`, [
        `run it yourself (with sudo if npm's global folder is not yours): npm i -g pnpm@${PNPM_VERSION}`,
      ]);
    }
    version = await pnpmVersion(ctx);
  }
  switch (pnpmVerdict(version)) {
    case "pinned":
      ctx.out.ok(`pnpm ${version}`);
      return;
    case "other-10":
      ctx.out.warn(`pnpm ${version} found; the repository pins ${PNPM_VERSION} (npm i -g pnpm@${PNPM_VERSION} to match). Going on with ${version}.`);
      return;
    default:
      if (how === "report") {
        ctx.out.bad(`pnpm ${version ?? "?"} found; the repository needs pnpm 10 (${PNPM_VERSION})`);
        ctx.out.fix(`run: npm i -g pnpm@${PNPM_VERSION}`);
        return;
      }
      throw new StepFailure(`pnpm ${version ?? "?"} found; the repository needs pnpm 10 (${PNPM_VERSION}): newer ones fail --frozen-lockfile here`, [
        `run: npm i -g pnpm@${PNPM_VERSION}   then rerun ./casebook ${ctx.mode}`,
      ]);
  }
}

export type DepsState = "missing" | "stale" | "fresh";

/** node_modules is stale when pnpm's own copy of the lockfile differs from the committed one. */
export function depsState(root: string): DepsState {
  let installed: string;
  try {
    readFileSync(join(root, "node_modules/.modules.yaml"));
    installed = readFileSync(join(root, "node_modules/.pnpm/lock.yaml"), "utf8");
  } catch {
    return "missing";
  }
  return installed === readFileSync(join(root, "pnpm-lock.yaml"), "utf8") ? "fresh" : "stale";
}

export async function ensureDeps(ctx: Context): Promise<void> {
  const state = depsState(ctx.root);
  if (state === "fresh") {
    ctx.out.ok("dependencies installed (node_modules matches pnpm-lock.yaml)");
    return;
  }
  ctx.out.did(`node_modules ${state}: pnpm install --frozen-lockfile`);
  const t = Date.now();
  // Several worktrees or sessions may install at once on a shared machine: serialise on one lock.
  const [cmd, args] = ctx.sys.have("flock")
    ? ["flock", ["/tmp/casebook-pnpm.lock", "pnpm", "install", "--frozen-lockfile"]]
    : ["pnpm", ["install", "--frozen-lockfile"]];
  const r = await ctx.sys.run(cmd as string, args as string[], {
    cwd: ctx.root,
    logFile: join(ctx.logDir, "install.log"),
    onLine: (l) => l.trim() && ctx.out.prefixed("install", l),
  });
  if (r.code !== 0) {
    throw new StepFailure("pnpm install --frozen-lockfile failed (log: var/log/install.log)", [
      "if pnpm-lock.yaml is out of date with a package.json: pnpm install   (then commit the lockfile)",
    ]);
  }
  ctx.out.ok(`dependencies installed in ${since(t)}`);
}
