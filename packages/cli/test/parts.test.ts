import { describe, expect, it } from "vitest";
import { alive, PidFile, spawnPart, stopTree, treePids } from "../src/processes";
import { partSpecs } from "../src/steps/parts";
import { testContext } from "./helpers";
import { join } from "node:path";

describe("the parts start runs", () => {
  it("runs the worker with NODE_ENV=production whatever the caller's NODE_ENV (issue 10)", () => {
    const { ctx } = testContext("start", { env: { NODE_ENV: "development", PORT: "3130", SMTP_URL: "smtp://127.0.0.1:2630", PROVIDER_URL: "http://127.0.0.1:4630" } });
    const { parts, missing } = partSpecs(ctx);
    expect(missing).toEqual([]);
    expect(parts.map((p) => p.name)).toEqual(["sinks", "worker", "web"]);
    const worker = parts.find((p) => p.name === "worker")!;
    expect([worker.command, ...worker.args]).toEqual(["pnpm", "--filter", "@casebook/worker", "start"]);
    expect(worker.env.NODE_ENV).toBe("production");
    const sinks = parts.find((p) => p.name === "sinks")!;
    expect(sinks.env).toMatchObject({ SMTP_SINK_PORT: "2630", PROVIDER_SIM_PORT: "4630", CASEBOOK_WEBHOOK_URL: "http://localhost:3130/api/webhooks/provider", SINK_OUTBOX_DIR: join(ctx.root, "var/outbox") });
  });

  it("the spawned worker process sees that environment", async () => {
    const { ctx } = testContext("start", { env: { ...process.env, NODE_ENV: "development" } });
    const worker = partSpecs(ctx).parts.find((p) => p.name === "worker")!;
    // The worker's own spec, its command swapped for one that prints what it was given.
    const lines: string[] = [];
    const part = spawnPart({ ...worker, command: process.execPath, args: ["-e", "console.log(`NODE_ENV=${process.env.NODE_ENV}`)"] }, (l) => lines.push(l));
    expect(await part.exited).toBe(0);
    expect(lines).toEqual(["NODE_ENV=production"]);
  });

  it("stops a part's whole tree (pnpm's children in groups of their own), and the pid file forgets the dead", async () => {
    const { dir } = testContext();
    const part = spawnPart({ name: "x", command: "sh", args: ["-c", "sleep 60 & setsid sleep 61 & wait"], env: process.env }, () => {});
    await new Promise((r) => setTimeout(r, 300));
    const tree = treePids(part.child.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(3);
    const pids = new PidFile(join(dir, "casebook.pids"));
    pids.add("x", part.child.pid!);
    expect(pids.running()).toEqual([{ name: "x", pid: part.child.pid }]);
    expect(await stopTree(part.child.pid!, 5000)).toBe("stopped");
    await part.exited;
    expect(tree.filter(alive)).toEqual([]);
    expect(pids.running()).toEqual([]);
  });
});
