import { randomUUID } from "node:crypto";
import type { Db } from "@casebook/db";
import type { DispatchStepRef, JobQueue } from "@casebook/jobs";
import { domainContext, type Actor, type DomainContext, type DomainInfra } from "./context";

// Test infrastructure for the domain's and the worker's tests (never imported by src): a real
// database handed in, a clock the test sets, and a queue port that keeps what was enqueued.

/** A queue port that keeps the steps enqueued, for tests that dispatch them by hand. Tests that need
 *  the real queue use producerJobQueue over a producer with its own prefix instead. */
export interface RecordingJobQueue extends JobQueue {
  /** Every step enqueued so far, in order. */
  readonly steps: DispatchStepRef[];
  /** Every portal sign-in whose code was asked for, in order. */
  readonly portalCodes: Array<{ signInId: string; channel: "sms" | "email" }>;
  /** The steps enqueued since the last take(). */
  take(): DispatchStepRef[];
}

export function recordingJobQueue(): RecordingJobQueue {
  const steps: DispatchStepRef[] = [];
  const portalCodes: Array<{ signInId: string; channel: "sms" | "email" }> = [];
  let taken = 0;
  const record = async (batch: DispatchStepRef[]) => { steps.push(...batch); };
  return {
    steps,
    dispatchSteps: record,
    dispatchBatches: record,
    portalCodes,
    sendPortalCode: async (payload) => { portalCodes.push(payload); },
    take() {
      const out = steps.slice(taken);
      taken = steps.length;
      return out;
    },
  };
}

/** A clock that reads `start` now and moves on in real time (a sweep's lease renewal needs time to pass). */
export function clockFrom(start: Date): () => Date {
  const epoch = performance.now();
  return () => new Date(start.getTime() + (performance.now() - epoch));
}

export function testInfra(db: Db, options: { now?: Date; enqueue?: JobQueue } = {}): DomainInfra {
  return { db, clock: options.now ? clockFrom(options.now) : () => new Date(), ids: randomUUID, enqueue: options.enqueue ?? recordingJobQueue() };
}

/** A context at `now` (the clock starts there), on a recording queue unless one is given. */
export function testContext(db: Db, actor: Actor, now: Date, options: { enqueue?: JobQueue } = {}): DomainContext {
  return domainContext(testInfra(db, { now, ...options }), actor, now);
}

/** The database side of a test, for edges that may not import @casebook/db (the web's API tests). */
export { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
