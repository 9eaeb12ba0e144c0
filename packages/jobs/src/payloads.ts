import { z } from "zod";

// Payloads carry ids only, never personal data (CONVENTIONS.md, "Jobs"): a job in Redis, in a
// dead-letter list or in a log line must not reveal who is being collected from.

export const SweepDueStepsPayload = z.object({
  /** Steps claimed per batch (one UPDATE ... SKIP LOCKED each). */
  batchSize: z.number().int().positive().max(50_000).default(5_000),
  /** Upper bound per run, so one sweep never holds the queue for minutes. */
  maxSteps: z.number().int().positive().max(5_000_000).default(200_000),
});
export type SweepDueStepsPayload = z.infer<typeof SweepDueStepsPayload>;

export const ReconcileUnknownSendsPayload = z.object({
  limit: z.number().int().positive().max(10_000).default(500),
});
export type ReconcileUnknownSendsPayload = z.infer<typeof ReconcileUnknownSendsPayload>;

/** The most retries a dispatch batch may count (the worker's DISPATCH_RETRY_* schedule decides how many
 *  it makes; this only bounds the payload). */
export const DISPATCH_MAX_RETRIES = 1_000;

export const DispatchStepPayload = z.object({
  stepId: z.uuid(),
  /** The step's deferral count when enqueued: part of the job id, so a re-due step is a new job. */
  version: z.number().int().nonnegative(),
});
export type DispatchStepPayload = z.infer<typeof DispatchStepPayload>;

/** The sweep's fan-out unit: up to 100 due steps of one channel (each still gated and claimed alone).
 *  One job per step costs ~1 KB of Redis and a Lua call each; a million due steps would not enqueue
 *  within the minute. */
export const DispatchBatchPayload = z.object({
  steps: z.array(DispatchStepPayload).min(1).max(100),
  /** Absent for the sweep's batch. 1, 2, ...: a retry of the steps of a batch whose sends met a
   *  provider outage (issue 15: they go back as one delayed batch, not one job each), which the worker
   *  gives up after its last retry (apps/worker processors/dispatch-batch.ts). */
  retry: z.number().int().min(1).max(DISPATCH_MAX_RETRIES).optional(),
});
export type DispatchBatchPayload = z.infer<typeof DispatchBatchPayload>;

export const CaseEventKind = z.enum([
  "promise_made", "promise_broken", "installment_missed", "plan_created", "paid_in_full", "dispute_opened",
  "verification_sent", "hold_placed", "hold_released", "stage_review",
]);
export type CaseEventKind = z.infer<typeof CaseEventKind>;

export const CaseEventPayload = z.object({
  caseId: z.uuid(),
  event: CaseEventKind,
  /** The id of the record that caused it (promise, plan, dispute, hold), for the deterministic job id. */
  sourceId: z.uuid(),
});
export type CaseEventPayload = z.infer<typeof CaseEventPayload>;

export const PlanOutreachPayload = z.object({
  caseId: z.uuid(),
  /** A day bucket ("2026-03-03") so planning a case is at most once per day per reason. */
  day: z.iso.date(),
});
export type PlanOutreachPayload = z.infer<typeof PlanOutreachPayload>;

/** The planner's walk over open cases, one page per job (keyset on the case id). */
export const PlanOpenCasesPayload = z.object({
  /** The run's key (the scheduler's tick); pages of one run share it in their job ids. */
  run: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
  after: z.uuid().optional(),
  pageSize: z.number().int().positive().max(5_000).default(500),
});
export type PlanOpenCasesPayload = z.infer<typeof PlanOpenCasesPayload>;

/** A portal sign-in whose one-time code the worker draws, stores hashed and sends: the code itself
 *  never travels through Redis, only the sign-in's id. */
export const SendPortalCodePayload = z.object({ signInId: z.uuid(), channel: z.enum(["sms", "email"]) });
export type SendPortalCodePayload = z.infer<typeof SendPortalCodePayload>;

export const MaintenancePayload = z.object({}).loose();
export type MaintenancePayload = z.infer<typeof MaintenancePayload>;

/** Kept when a job exhausts its retries: ids and the error class only. */
export const DeadLetter = z.object({
  queue: z.string(),
  jobName: z.string(),
  jobId: z.string(),
  data: z.record(z.string(), z.unknown()),
  error: z.string().max(500),
  attemptsMade: z.number().int(),
  failedAt: z.iso.datetime(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const RelayOutboxPayload = z.object({
  /** Outbox events relayed per run. */
  limit: z.number().int().positive().max(10_000).default(500),
});
export type RelayOutboxPayload = z.infer<typeof RelayOutboxPayload>;

/** One delivery of one event to one endpoint; `generation` grows with each redelivery from the console,
 *  so a redelivery is a new job while a repeated relay of the same one is not. */
export const DeliverWebhookPayload = z.object({
  deliveryId: z.uuid(),
  generation: z.number().int().nonnegative(),
});
export type DeliverWebhookPayload = z.infer<typeof DeliverWebhookPayload>;

export const RunImportPayload = z.object({ runId: z.uuid() });
export type RunImportPayload = z.infer<typeof RunImportPayload>;
