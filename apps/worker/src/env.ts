import { z } from "zod";
import { parseEnv, type EnvSource } from "@casebook/config/env";
import { parseChannelsEnv, type ChannelsEnv } from "@casebook/channels";
import { readDbEnv } from "@casebook/db";
import { readJobsEnv, type JobsEnv } from "@casebook/jobs";
import { PLAN_HORIZON_MS } from "@casebook/domain";

const WorkerEnv = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Comma-separated subset of queues this process works (default: all). */
    WORKER_QUEUES: z.string().optional(),
    WORKER_DISPATCH_CONCURRENCY: z.coerce.number().int().positive().max(256).default(16),
    WORKER_EVENTS_CONCURRENCY: z.coerce.number().int().positive().max(64).default(4),
    /** BullMQ lock: a crashed worker's job is taken over after about this long. */
    WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
    SWEEP_EVERY_MS: z.coerce.number().int().min(200).default(60_000),
    /** The sweep also selects steps falling due within this many ms and delays their jobs until then, so
     *  due -> sent does not wait for the next sweep (issue 15). Default twice SWEEP_EVERY_MS (a sweep
     *  that starts late still covers every step until the next); 0: only steps already due. */
    SWEEP_LOOKAHEAD_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
    SWEEP_BATCH_SIZE: z.coerce.number().int().positive().default(5_000),
    SWEEP_MAX_STEPS: z.coerce.number().int().positive().default(200_000),
    RECONCILE_EVERY_MS: z.coerce.number().int().min(200).default(60_000),
    RECONCILE_STALE_CLAIM_SECONDS: z.coerce.number().int().positive().default(300),
    /** The planner's walk: it tops every open case up to the planner's horizon (PLAN_HORIZON_MS, two days),
     *  so it must run well within it (at most a quarter: a walk or two may fail and a step is still planned). */
    PLAN_EVERY_MS: z.coerce.number().int().min(1_000).max(PLAN_HORIZON_MS / 4, `PLAN_EVERY_MS: at most ${PLAN_HORIZON_MS / 4} (a quarter of the planner's horizon)`).default(6 * 3600_000),
    MAINTENANCE_EVERY_MS: z.coerce.number().int().min(1_000).default(5 * 60_000),
    /** How stale a dashboard figure may be: the rollup fold runs this often. */
    ROLLUP_EVERY_MS: z.coerce.number().int().min(1_000).default(5_000),
    /** How often the outbox relay turns committed events into webhook deliveries (issue 16). */
    OUTBOX_EVERY_MS: z.coerce.number().int().min(500).default(2_000),
    /**
     * Retries of a step whose provider is unavailable (nothing reached it): exponential from
     * DISPATCH_RETRY_BASE_MS, each wait at most DISPATCH_RETRY_MAX_DELAY_MS, given up only once
     * DISPATCH_RETRY_GIVE_UP_AFTER_MS have passed since the first failure, so an ordinary provider
     * outage (an hour or more) is outlasted. A given-up step is logged (ids only) and counted
     * (countGivenUpSteps).
     */
    DISPATCH_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
    DISPATCH_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(10).default(15 * 60_000),
    DISPATCH_RETRY_GIVE_UP_AFTER_MS: z.coerce.number().int().min(10).default(3 * 3600_000),
    /** How long a swept step stays out of the next sweeps while its job waits (renewed while a sweep drains). */
    SWEEP_LEASE_SECONDS: z.coerce.number().int().positive().max(86_400).default(900),
    /** How often a worker checks that Redis still holds its data (redis-watch.ts). */
    WORKER_REDIS_WATCH_MS: z.coerce.number().int().min(100).default(15_000),
    /** /healthz, /readyz and /metrics on this port (0: any free port, logged); unset: no HTTP server. */
    WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** Where that server listens: all interfaces by default (Kubernetes probes the pod's address). */
    WORKER_HTTP_HOST: z.string().min(1).default("0.0.0.0"),
    /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (the console's too). */
    METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN: at least 16 characters").optional(),
    /** Do not register the job schedulers (tests drive sweeps themselves; one process suffices). */
    WORKER_NO_SCHEDULERS: z.stringbool().default(false),
    /**
     * A controllable clock for simulations and tests (never in production): the worker's `now` is
     * CASEBOOK_CLOCK_START + (real time since CASEBOOK_CLOCK_EPOCH_MS) × CASEBOOK_CLOCK_RATE.
     */
    CASEBOOK_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
    CASEBOOK_CLOCK_RATE: z.coerce.number().positive().max(1_000_000).default(1),
    CASEBOOK_CLOCK_EPOCH_MS: z.coerce.number().int().positive().optional(),
    /** The console's public address (its AUTH_URL): messages print its `/verify` and `/portal` links. */
    CASEBOOK_PUBLIC_URL: z.url().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && env.CASEBOOK_CLOCK_START) ctx.addIssue({ code: "custom", path: ["CASEBOOK_CLOCK_START"], message: "a simulated clock is refused in production" });
    if (env.NODE_ENV === "production" && env.DISPATCH_RETRY_GIVE_UP_AFTER_MS < 3600_000) ctx.addIssue({ code: "custom", path: ["DISPATCH_RETRY_GIVE_UP_AFTER_MS"], message: "retries must outlast a provider outage: at least one hour in production" });
  });
export type WorkerEnv = z.infer<typeof WorkerEnv>;

export interface Config {
  worker: WorkerEnv;
  jobs: JobsEnv;
  db: ReturnType<typeof readDbEnv>;
  channels: ChannelsEnv;
}

export function readConfig(source: EnvSource = process.env): Config {
  return { worker: parseEnv(WorkerEnv, source), jobs: readJobsEnv(source), db: readDbEnv(source), channels: parseChannelsEnv(source) };
}
