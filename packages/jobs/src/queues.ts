// One queue per concern, so a slow channel (letters render PDFs) never starves another (SMS),
// and each queue gets its own concurrency and rate limit in the worker.
export const QUEUES = {
  outreachSweep: "outreach-sweep",
  dispatchSms: "dispatch-sms",
  dispatchEmail: "dispatch-email",
  dispatchVoice: "dispatch-voice",
  dispatchLetter: "dispatch-letter",
  caseEvents: "case-events",
  maintenance: "maintenance",
  /** Events out to clients (issue 16): the outbox relay and one job per webhook delivery. */
  webhooks: "webhooks",
  /** Placement and recall files (issue 16): one job per uploaded file. */
  imports: "imports",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

/** Job names, per queue. */
export const JOBS = {
  sweepDueSteps: "sweep-due-steps",
  reconcileUnknownSends: "reconcile-unknown-sends",
  dispatchStep: "dispatch-step",
  dispatchBatch: "dispatch-batch",
  caseEvent: "case-event",
  planOutreach: "plan-outreach",
  planOpenCases: "plan-open-cases",
  /** Reserved slot: the console's case re-prioritisation will be wired here. */
  reprioritiseCases: "reprioritise-cases",
  /** Folds new ledger facts into the dashboard rollups (issue 13). */
  foldRollups: "fold-rollups",
  /** Marks promises and plan installments kept or broken once their date and grace have passed (issue 17). */
  settleCommitments: "settle-commitments",
  relayOutbox: "relay-outbox",
  runImport: "run-import",
  /** Enqueues again the import runs still queued in PostgreSQL without a job in Redis. */
  resumeImportRuns: "resume-import-runs",
  deliverWebhook: "deliver-webhook",
  /** A portal sign-in's one-time code, on the channel's dispatch queue (issue 17). */
  sendPortalCode: "send-portal-code",
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Ledger channels → the queue that dispatches them. A voicemail is left by the voice provider. */
export const DISPATCH_QUEUE_BY_CHANNEL = {
  sms: QUEUES.dispatchSms,
  email: QUEUES.dispatchEmail,
  call: QUEUES.dispatchVoice,
  voicemail: QUEUES.dispatchVoice,
  letter: QUEUES.dispatchLetter,
} as const;
export type DispatchChannel = keyof typeof DISPATCH_QUEUE_BY_CHANNEL;

/** Scheduler ids (BullMQ job schedulers, upserted at worker start). */
export const SCHEDULERS = {
  sweep: "outreach-sweep-every-minute",
  reconcile: "reconcile-unknown-sends",
  plan: "plan-open-cases",
  maintenance: "maintenance-reprioritise",
  rollups: "maintenance-fold-rollups",
  commitments: "maintenance-settle-commitments",
  outbox: "webhooks-relay-outbox",
  imports: "maintenance-resume-imports",
} as const;
