import { enqueueDispatchBatches, enqueueDispatchSteps, enqueueSendPortalCode, type Producer } from "./producer";
import type { SendPortalCodePayload } from "./payloads";
import type { DispatchChannel } from "./queues";

/** A due step as the dispatch jobs carry it: ids only, never personal data. */
export interface DispatchStepRef {
  channel: DispatchChannel;
  stepId: string;
  /** The step's deferral count: with the step id, the deterministic job id. */
  version: number;
  /** Ms until the step falls due (the sweep's look-ahead): its batch job is delayed until then. */
  dueInMs?: number;
}

/**
 * What the domain may enqueue: the port it receives in its context (DomainInfra.enqueue), typed by this
 * package's job contracts. Each call resolves once Redis holds the jobs, or rejects (never swallowed):
 * a caller that must not lose work keeps it in PostgreSQL first and lets the sweep retry.
 */
export interface JobQueue {
  /** One dispatch job per step (an agent's message). */
  dispatchSteps(steps: DispatchStepRef[]): Promise<void>;
  /** The sweep's id-only batches of due steps (and of steps due within its look-ahead, each batch
   *  delayed until its last step is due). */
  dispatchBatches(steps: DispatchStepRef[]): Promise<void>;
  /** A portal sign-in's one-time code (ids only: the worker draws the code). */
  sendPortalCode(payload: SendPortalCodePayload): Promise<void>;
}

/** How long an enqueue may take before it is an error: a request never hangs behind Redis. */
export const ENQUEUE_TIMEOUT_MS = 5_000;

export class EnqueueTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`enqueue took longer than ${timeoutMs} ms`);
    this.name = "EnqueueTimeoutError";
  }
}

/** Rejects with EnqueueTimeoutError when `work` has not settled after `timeoutMs`. */
export async function withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The JobQueue over a BullMQ producer (the web's and the worker's), each enqueue bounded in time. */
export function producerJobQueue(producer: Producer, options: { timeoutMs?: number } = {}): JobQueue {
  const timeoutMs = options.timeoutMs ?? ENQUEUE_TIMEOUT_MS;
  return {
    async dispatchSteps(steps) {
      if (steps.length > 0) await withinTimeout(enqueueDispatchSteps(producer, steps), timeoutMs);
    },
    async dispatchBatches(steps) {
      if (steps.length > 0) await withinTimeout(enqueueDispatchBatches(producer, steps), timeoutMs);
    },
    async sendPortalCode(payload) {
      await withinTimeout(enqueueSendPortalCode(producer, payload), timeoutMs);
    },
  };
}
