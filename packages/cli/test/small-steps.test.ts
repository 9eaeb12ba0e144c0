import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "../src/context";
import { fullCacheHit } from "../src/steps/build";
import { CJK_FONT_PATHS, ensureCjkFont, planCjkFont } from "../src/steps/cjk-font";
import { formatLogin, loginsFromSeedFile } from "../src/steps/demo-logins";
import { ensurePgbouncer, planPgbouncer } from "../src/steps/pgbouncer";
import { fakeSystem, recordingRunner, testContext } from "./helpers";

describe("CJK font (Chinese letters fail with font_missing without one)", () => {
  it("takes LETTER_FONT_PATH, else a font found on disk, else installs one as root on Debian, else warns", () => {
    expect(planCjkFont({ letterFontPath: "/f.ttf", exists: () => false, canApt: true })).toEqual({ do: "configured" });
    expect(planCjkFont({ exists: (p) => p === CJK_FONT_PATHS[2], canApt: true })).toEqual({ do: "found", path: CJK_FONT_PATHS[2] });
    expect(planCjkFont({ exists: () => false, canApt: true })).toEqual({ do: "install", package: "fonts-wqy-microhei" });
    expect(planCjkFont({ exists: () => false, canApt: false })).toEqual({ do: "warn" });
  });

  it("runs apt-get update once, then installs fonts-wqy-microhei", async () => {
    const runner = recordingRunner();
    const { ctx } = testContext("start", { sys: fakeSystem({ isRoot: true, isDebian: true, run: runner.run }) });
    await ensureCjkFont(ctx);
    await ensureCjkFont({ ...ctx, sys: { ...ctx.sys, fileExists: () => false } });
    expect(runner.lines()).toEqual(["apt-get update -qq", "apt-get install -y -qq fonts-wqy-microhei", "apt-get install -y -qq fonts-wqy-microhei"]);
  });

  it("not root: says what is missing and the command that fixes it", async () => {
    const runner = recordingRunner();
    const { ctx, out } = testContext("start", { sys: fakeSystem({ isRoot: false, run: runner.run }) });
    await ensureCjkFont(ctx);
    expect(runner.calls).toEqual([]);
    expect(out.lines).toEqual(["[casebook] ! no CJK font: Chinese letters will fail (font_missing)", "[casebook]     install one: sudo apt-get install -y fonts-wqy-microhei (or fonts-noto-cjk), or set LETTER_FONT_PATH in .env"]);
  });
});

describe("pgbouncer (the pooler tests run a private one in transaction mode)", () => {
  it("finds Debian's binary, else installs the package as root on Debian, else warns with the command", async () => {
    expect(planPgbouncer({ exists: (p) => p === "/usr/sbin/pgbouncer", onPath: false, canApt: true })).toEqual({ do: "found", path: "/usr/sbin/pgbouncer" });
    expect(planPgbouncer({ exists: () => false, onPath: false, canApt: true })).toEqual({ do: "install" });
    expect(planPgbouncer({ exists: () => false, onPath: false, canApt: false })).toEqual({ do: "warn" });
    const runner = recordingRunner();
    const { ctx } = testContext("services", { sys: fakeSystem({ isRoot: true, isDebian: true, run: runner.run }) });
    await ensurePgbouncer({ ...ctx, sys: { ...ctx.sys, fileExists: () => false, have: () => false } });
    expect(runner.lines()).toEqual(["apt-get update -qq", "apt-get install -y -qq pgbouncer"]);
    const other = testContext("services", { sys: fakeSystem({ isRoot: false, run: recordingRunner().run }) });
    await ensurePgbouncer({ ...other.ctx, sys: { ...other.ctx.sys, fileExists: () => false, have: () => false } });
    expect(other.out.lines.at(-1)).toContain("sudo apt-get install -y pgbouncer");
  });
});

describe("build and logins", () => {
  it("reads turbo's summary: a full cache hit or a build", () => {
    expect(fullCacheHit(" Tasks:    3 successful, 3 total\nCached:    3 cached, 3 total\n")).toBe(true);
    expect(fullCacheHit("Cached:    \u001b[1m2 cached\u001b[0m, 3 total")).toBe(false);
    expect(fullCacheHit("Cached:    0 cached, 0 total")).toBe(false);
  });

  it("prints the demo logins of the seed's file", () => {
    const logins = loginsFromSeedFile(JSON.stringify({ password: "casebook-demo", users: [{ email: "agent1@casebook.test", role: "agent", team: "east" }, { email: "zh@casebook.test", role: "agent", locale: "zh-CN" }] }));
    expect(logins.map(formatLogin)).toEqual([
      `  ${"agent1@casebook.test".padEnd(28)} ${"casebook-demo".padEnd(16)} agent, east`,
      `  ${"zh@casebook.test".padEnd(28)} ${"casebook-demo".padEnd(16)} agent, zh-CN`,
    ]);
  });
});

describe("./casebook (the bash that hands over, and the commands)", () => {
  const run = promisify(execFile);
  it("lists every command, and refuses an unknown one with exit 2", async () => {
    const help = await run(join(repositoryRoot, "casebook"), ["--help"], { cwd: repositoryRoot });
    for (const c of ["start", "services", "stop", "status", "logins", "doctor"]) expect(help.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    const bad = await run(join(repositoryRoot, "casebook"), ["strat"], { cwd: repositoryRoot }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toContain("unknown command 'strat'");
  });
});
