export { readJobsEnv, type JobsEnv } from "./env";
export { QUEUES, ALL_QUEUES, JOBS, SCHEDULERS, DISPATCH_QUEUE_BY_CHANNEL, type QueueName, type JobName, type DispatchChannel } from "./queues";
export {
  SweepDueStepsPayload,
  ReconcileUnknownSendsPayload,
  DispatchStepPayload,
  DispatchBatchPayload,
  DISPATCH_MAX_RETRIES,
  CaseEventKind,
  CaseEventPayload,
  PlanOutreachPayload,
  PlanOpenCasesPayload,
  MaintenancePayload,
  SendPortalCodePayload,
  DeadLetter,
  RelayOutboxPayload,
  DeliverWebhookPayload,
  RunImportPayload,
} from "./payloads";
export { bullPrefix, connectRedis, createProducerConnection, createWorkerConnection, queuePrefix, type ConnectionOptions, type RedisConnection } from "./connection";
export {
  createProducer,
  dispatchQueueFor,
  enqueueDispatchSteps,
  enqueueDispatchBatches,
  dueBatches,
  BATCH_DUE_SPAN_MS,
  enqueueDispatchBatchRetry,
  enqueueDispatchStep,
  enqueueSweep,
  enqueueReconcile,
  enqueuePlanOpenCases,
  enqueueSendPortalCode,
  RETENTION,
  DISPATCH_JOB_OPTIONS,
  type Producer,
  type CreateProducerOptions,
} from "./producer";
export { producerJobQueue, withinTimeout, EnqueueTimeoutError, ENQUEUE_TIMEOUT_MS, type JobQueue, type DispatchStepRef } from "./job-queue";
export { jobId } from "./job-id";
export { recordDeadLetter, readDeadLetters, deadLetterKey, DEAD_LETTER_MAX } from "./dead-letter";
export { deleteQueuePrefix } from "./delete-prefix";
export { createRateLimiter, type RateLimiter, type RateLimitDecision } from "./rate-limit";
export { finishedInWindow, QUEUE_METRICS_POINTS, WORKER_METRICS } from "./metrics";
export { enqueueImportRun, readImportJobProgress, enqueueWebhookDeliveries, WEBHOOK_JOB_OPTIONS } from "./webhooks";
export { queueDepths, redisReachable, DEPTH_STATES, type DepthState } from "./health";
