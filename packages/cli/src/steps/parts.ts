import { join } from "node:path";
import type { Context } from "../context";
import type { PartSpec } from "../processes";
import { partMissing } from "./db-content";

const portOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).port : "";
  } catch {
    return "";
  }
};

/**
 * What `start` runs, in order (stopped in reverse): the channel sinks (local SMTP server and provider
 * simulator), the worker, the console. The worker gets NODE_ENV=production as the console has it under
 * `next start`: no development fallback (dev secrets, simulated clock) in a started stack, whatever the
 * caller's NODE_ENV. Parts not written yet are reported in `missing`.
 */
export function partSpecs(ctx: Pick<Context, "root" | "env">): { parts: PartSpec[]; missing: { name: string; why: string }[] } {
  const env = ctx.env;
  const parts: PartSpec[] = [];
  const missing: { name: string; why: string }[] = [];
  const sinks = partMissing(ctx.root, "packages/channels", "sinks");
  if (sinks) missing.push({ name: "sinks", why: sinks });
  else {
    // The sinks listen where SMTP_URL and PROVIDER_URL point, post receipts to this console, and keep
    // their outbox in the repository's var/ (they run in packages/channels).
    parts.push({
      name: "sinks",
      command: "pnpm",
      args: ["--filter", "@casebook/channels", "run", "sinks"],
      env: {
        ...env,
        SMTP_SINK_PORT: env.SMTP_SINK_PORT || portOf(env.SMTP_URL) || "2525",
        PROVIDER_SIM_PORT: env.PROVIDER_SIM_PORT || portOf(env.PROVIDER_URL) || "4010",
        CASEBOOK_WEBHOOK_URL: env.CASEBOOK_WEBHOOK_URL || `http://localhost:${env.PORT}/api/webhooks/provider`,
        SINK_OUTBOX_DIR: env.SINK_OUTBOX_DIR || join(ctx.root, "var/outbox"),
      },
    });
  }
  const worker = partMissing(ctx.root, "apps/worker", "start");
  if (worker) missing.push({ name: "worker", why: worker });
  else parts.push({ name: "worker", command: "pnpm", args: ["--filter", "@casebook/worker", "start"], env: { ...env, NODE_ENV: "production" } });
  parts.push({ name: "web", command: "pnpm", args: ["--filter", "@casebook/web", "start"], env: { ...env } });
  return { parts, missing };
}

/** The sinks' two ports, for the busy check. */
export function sinkPorts(env: Record<string, string | undefined>): { smtp: number; provider: number } {
  return { smtp: Number(portOf(env.SMTP_URL) || 2525), provider: Number(portOf(env.PROVIDER_URL) || 4010) };
}
