import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StepFailure } from "../src/output";
import { status, stop } from "../src/commands/stop";
import { alive, PidFile, spawnPart, type PartSpec } from "../src/processes";
import { superviseParts } from "../src/supervise";
import { freePort, testContext } from "./helpers";

const node = (name: string, code: string): PartSpec => ({ name, command: process.execPath, args: ["-e", code], env: process.env });
const forever = (name: string) => node(name, "setInterval(() => {}, 1000)");
const server = (port: number) => node("web", `require("node:http").createServer((q, r) => r.end("ok")).listen(${port}, "127.0.0.1")`);
const pidsOf = (file: PidFile) => file.running().filter((p) => p.name !== "casebook").map((p) => p.pid);

describe("start's parts: run, watched, stopped together", () => {
  it("a part that dies takes the others down (exit 1), and the pid file goes", async () => {
    const { ctx, out, dir } = testContext();
    const pidFile = new PidFile(join(dir, "casebook.pids"));
    const port = await freePort();
    let pids: number[] = [];
    const code = await superviseParts(ctx, [forever("sinks"), node("worker", "setTimeout(() => process.exit(3), 1500)"), server(port)], pidFile, {
      url: `http://127.0.0.1:${port}`,
      limitS: 30,
      pollMs: 100,
      onReady: async (status) => {
        expect(status).toBe(200);
        pids = pidsOf(pidFile);
      },
    });
    expect(code).toBe(1);
    expect(pids).toHaveLength(3);
    expect(pids.filter(alive)).toEqual([]);
    expect(pidFile.exists()).toBe(false);
    expect(out.text()).toContain("✗ worker exited (status 3): stopping the others");
    // Stopped in reverse order: the console first, the sinks last.
    expect(out.lines.filter((l) => l.includes("→ stopping")).map((l) => l.split(" ")[3])).toEqual(["web", "sinks"]);
  });

  it("./casebook stop elsewhere (the pid file removed) stops them all, exit 0", async () => {
    const { ctx, dir } = testContext();
    const pidFile = new PidFile(join(dir, "casebook.pids"));
    const port = await freePort();
    let pids: number[] = [];
    const code = await superviseParts(ctx, [forever("worker"), server(port)], pidFile, {
      url: `http://127.0.0.1:${port}`,
      limitS: 30,
      pollMs: 100,
      onReady: async () => {
        pids = pidsOf(pidFile);
        pidFile.remove();
      },
    });
    expect(code).toBe(0);
    expect(pids).toHaveLength(2);
    expect(pids.filter(alive)).toEqual([]);
  });

  it("a console that exits before answering is a failure, and the worker started with it is stopped", async () => {
    const { ctx, dir } = testContext();
    const started: number[] = [];
    const pidFile = new (class extends PidFile {
      override add(name: string, pid: number) {
        if (name !== "casebook") started.push(pid);
        super.add(name, pid);
      }
    })(join(dir, "casebook.pids"));
    const error = await superviseParts(ctx, [forever("worker"), node("web", "setTimeout(() => process.exit(1), 300)")], pidFile, {
      url: `http://127.0.0.1:${await freePort()}`,
      limitS: 30,
      onReady: async () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    expect((error as Error).message).toContain("the web console exited before answering");
    expect(started).toHaveLength(2);
    expect(started.filter(alive)).toEqual([]);
    expect(pidFile.exists()).toBe(false);
  });
});

describe("./casebook status and stop", () => {
  it("status: what runs from this folder (exit 0), nothing (exit 1)", async () => {
    const { ctx, out, dir } = testContext("status", { env: { PORT: String(await freePort()) } });
    expect(await status(ctx)).toBe(1);
    new PidFile(join(dir, "casebook.pids")).add("worker", process.pid);
    expect(await status(ctx)).toBe(0);
    expect(out.text()).toContain(`✓ worker running (pid ${process.pid})`);
    expect(out.text()).toContain("! console does not answer at http://localhost:");
  });

  it("stop: stops each part left in the pid file, and removes it", async () => {
    const { ctx, out, dir } = testContext("stop");
    const pidFile = new PidFile(join(dir, "casebook.pids"));
    const part = spawnPart(forever("sinks"), () => {});
    pidFile.add("sinks", part.child.pid!);
    expect(await stop(ctx)).toBe(0);
    expect(await part.exited).not.toBe(0);
    expect(alive(part.child.pid!)).toBe(false);
    expect(pidFile.exists()).toBe(false);
    expect(out.text()).toContain("✓ stopped: sinks");
  });
});

describe("a signal", () => {
  it("SIGTERM stops the parts in reverse order, reporting no part as failed", async () => {
    const { ctx, out, dir } = testContext();
    const pidFile = new PidFile(join(dir, "casebook.pids"));
    const port = await freePort();
    const exit = process.exit;
    let code: number | undefined;
    // The handler ends the command with the signal's code: caught here.
    process.exit = ((c?: number) => {
      code = c;
    }) as typeof process.exit;
    try {
      const result = await superviseParts(ctx, [forever("worker"), server(port)], pidFile, {
        url: `http://127.0.0.1:${port}`,
        limitS: 30,
        pollMs: 100,
        onReady: async () => {
          process.kill(process.pid, "SIGTERM");
        },
      });
      expect(result).toBe(143);
    } finally {
      process.exit = exit;
    }
    expect(code).toBe(143);
    expect(out.text()).toContain("→ received SIGTERM: stopping the console, the worker and the sinks");
    expect(out.text()).not.toContain("✗");
    expect(out.lines.filter((l) => l.includes("→ stopping")).map((l) => l.split(" ")[3])).toEqual(["web", "worker"]);
    expect(pidFile.exists()).toBe(false);
  });
});
