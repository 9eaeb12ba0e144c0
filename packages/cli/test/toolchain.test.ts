import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StepFailure } from "../src/output";
import { checkNode, checkPnpm, depsState, nodeVersionOk, PNPM_VERSION, pnpmVerdict } from "../src/steps/toolchain";
import { fakeSystem, recordingRunner, testContext } from "./helpers";

describe("node and pnpm", () => {
  it("accepts Node ≥ 20.19 only, and names the version it refuses", () => {
    expect(["20.19.0", "20.20.2", "22.12.0", "v24.1.0"].map(nodeVersionOk)).toEqual([true, true, true, true]);
    expect(["18.19.1", "20.18.3", "19.9.0"].map(nodeVersionOk)).toEqual([false, false, false]);
    const { ctx } = testContext();
    expect(() => checkNode(ctx, "20.18.3")).toThrow(/Node.js 20.18.3 is too old/);
  });

  it("tells the pinned pnpm, another 10.x (a warning) and 11+ (refused) apart", () => {
    expect(pnpmVerdict(PNPM_VERSION)).toBe("pinned");
    expect(pnpmVerdict("10.2.0")).toBe("other-10");
    expect(pnpmVerdict("11.0.1")).toBe("unsupported");
    expect(pnpmVerdict(null)).toBe("missing");
  });

  it("installs a missing pnpm with npm (not corepack), at the pinned version", async () => {
    let installed = false;
    const runner = recordingRunner((c) => {
      if (c.command === "npm") installed = true;
      if (c.command === "pnpm") return { stdout: `${PNPM_VERSION}\n` };
    });
    const { ctx, out } = testContext("start", { sys: fakeSystem({ run: runner.run, have: (c) => c !== "pnpm" || installed }) });
    await checkPnpm(ctx, "install");
    expect(runner.lines()).toEqual([`npm i -g pnpm@${PNPM_VERSION}`, "pnpm --version"]);
    expect(out.text()).toContain(`✓ pnpm ${PNPM_VERSION}`);
  });

  it("doctor only reports a missing pnpm, installing nothing", async () => {
    const runner = recordingRunner();
    const { ctx, out } = testContext("doctor", { sys: fakeSystem({ run: runner.run, have: (c) => c !== "pnpm" }) });
    await checkPnpm(ctx, "report");
    expect(runner.calls).toEqual([]);
    expect(out.text()).toContain("✗ pnpm is not installed");
  });

  it("refuses pnpm 11 on start, naming the fix", async () => {
    const runner = recordingRunner(() => ({ stdout: "11.1.0\n" }));
    const { ctx } = testContext("start", { sys: fakeSystem({ run: runner.run }) });
    await expect(checkPnpm(ctx, "install")).rejects.toBeInstanceOf(StepFailure);
  });

  it("node_modules is missing, stale (lockfile changed since the install) or fresh", () => {
    const root = mkdtempSync(join(tmpdir(), "casebook-deps-"));
    writeFileSync(join(root, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
    expect(depsState(root)).toBe("missing");
    mkdirSync(join(root, "node_modules/.pnpm"), { recursive: true });
    writeFileSync(join(root, "node_modules/.modules.yaml"), "");
    writeFileSync(join(root, "node_modules/.pnpm/lock.yaml"), "lockfileVersion: '8.0'\n");
    expect(depsState(root)).toBe("stale");
    writeFileSync(join(root, "node_modules/.pnpm/lock.yaml"), "lockfileVersion: '9.0'\n");
    expect(depsState(root)).toBe("fresh");
  });
});
