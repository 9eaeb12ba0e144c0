// The provider simulator in a process of its own (spawned by startSimulatorProcess below): in the
// bench's own process it shared one event loop with the bench's polling and, on a loaded machine, its
// answers came late enough for the workers' timeout to call sends unknown. On SIGTERM it writes what
// it received (idempotency keys, replays) to the file given as its argument. Over IPC it takes a fault
// switch: { fault: "5xx" } answers every request 503, { fault: "timeout" } answers none (the message is
// still accepted: "sent, but the answer was lost"), { fault: "none" } ends either.
import type { ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startProviderSimulator } from "@casebook/channels/sinks";
import { Children } from "./processes";

export const SIM_API_KEY = "bench-api-key";
export const SIM_SECRET = "bench-signing-secret-0123";
export type ProviderFault = "5xx" | "timeout" | "none";

export interface SimulatorProcess {
  url: string;
  child: ChildProcess;
  fault(kind: ProviderFault): void;
  /** Stops it and reads what it received (`at`: when each key's record was made, wall-clock ms). */
  stop(): Promise<{ keys: string[]; at: number[]; replays: number; hits: number }>;
}

export async function startSimulatorProcess(children: Children, outFile: string): Promise<SimulatorProcess> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { child, out } = await children.spawn([path.join(here, "provider-sim.ts"), outFile], here, {}, "sim ready", { ipc: true });
  return {
    url: /sim ready (\S+)/.exec(out)![1]!,
    child,
    fault: (kind) => child.send({ fault: kind }),
    async stop() {
      await Children.stop(child);
      children.remove(child);
      return JSON.parse(await readFile(outFile, "utf8")) as { keys: string[]; at: number[]; replays: number; hits: number };
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outFile = process.argv[2]!;
  const sim = await startProviderSimulator({ port: 0, apiKey: SIM_API_KEY, signingSecret: SIM_SECRET, receiptDelayMs: 600_000, historyLimit: 1_000_000 });
  process.on("message", (m: { fault?: ProviderFault }) => {
    if (m.fault === "5xx") sim.failNext(Number.POSITIVE_INFINITY, 503);
    else if (m.fault === "timeout") sim.hangNext(Number.POSITIVE_INFINITY, { accept: true });
    else {
      sim.failNext(0);
      sim.hangNext(0);
    }
  });
  console.log(`sim ready ${sim.url}`);
  process.once("SIGTERM", () => {
    const records = sim.requests();
    const keys = records.map((r) => r.idempotencyKey);
    const at = records.map((r) => Date.parse(r.receivedAt));
    const replays = sim.hits().filter((h) => h.method === "POST" && h.replay).length;
    void writeFile(outFile, JSON.stringify({ keys, at, replays, hits: sim.hits().length })).then(() => sim.close()).then(() => process.exit(0));
  });
  // The IPC channel keeps it alive; nothing else to do.
  await new Promise(() => {});
}
