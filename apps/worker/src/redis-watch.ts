import { enqueueSweep, QUEUES, SCHEDULERS, type Producer, type RedisConnection } from "@casebook/jobs";
import { releaseStepLeases } from "@casebook/domain";
import { contextOf, type Deps } from "./deps";
import { registerSchedulers } from "./schedulers";

export interface RedisWatch {
  /** Resolves after one check (tests and the first start). */
  check(): Promise<"intact" | "restored">;
  stop(): void;
}

/**
 * Redis may lose its data (a restart without persistence, a failover to an empty replica, FLUSHALL):
 * the job schedulers and every waiting job go with it, and outreach would go silent (issue 9 §4).
 * A marker key says whether this Redis still holds our data. On every (re)connection and every
 * WORKER_REDIS_WATCH_MS, a worker checks it; the one worker that re-creates it (SET NX) re-registers
 * the schedulers, ends every sweep lease in PostgreSQL (their jobs are gone) and asks for a sweep now,
 * so every due step is enqueued again. The claim in PostgreSQL keeps a step from being sent twice.
 */
export function watchRedis(deps: Deps, producer: Producer, connection: RedisConnection): RedisWatch {
  // "v2": the queues' keys moved under hash tags (bullPrefix); a Redis holding only the old layout's
  // jobs is, for these workers, a Redis that lost its data: leases are released and a sweep re-enqueues.
  const key = `${deps.config.jobs.CASEBOOK_QUEUE_PREFIX}:worker-epoch:v2`;
  let running: Promise<"intact" | "restored"> | undefined;
  let first = true;

  const schedulersOn = !deps.config.worker.WORKER_NO_SCHEDULERS;
  const check = () => {
    if (connection.status !== "ready") return Promise.resolve("intact" as const);
    running ??= (async () => {
      try {
        let restored = false;
        // Any scheduling worker re-registers what is missing (upserts are idempotent)...
        if (schedulersOn && !(await producer.queue(QUEUES.outreachSweep).getJobScheduler(SCHEDULERS.sweep))) {
          await registerSchedulers(deps, producer);
          restored = true;
        }
        // ...and the one worker that re-creates the marker ends the leases whose jobs were lost.
        if ((await connection.set(key, new Date().toISOString(), "NX")) === "OK") {
          const { released } = await releaseStepLeases(contextOf(deps));
          if (!first) deps.log.warn({ released }, "redis lost its data: sweep leases released");
          restored = true;
        }
        // (Tests that drive sweeps themselves run without schedulers, and without this extra sweep.)
        if (restored && schedulersOn) await enqueueSweep(producer, {}, deps.clock());
        if (restored && !first) deps.log.warn({ schedulers: schedulersOn }, "redis data restored: sweeps resume");
        return restored ? ("restored" as const) : ("intact" as const);
      } finally {
        first = false;
        running = undefined;
      }
    })();
    return running;
  };

  const onReady = () => {
    // Upsert is idempotent: a reconnection re-registers whatever the server lost.
    void (async () => {
      if (!deps.config.worker.WORKER_NO_SCHEDULERS) await registerSchedulers(deps, producer);
      await check();
    })().catch((err: Error) => deps.log.error({ err: err.message }, "redis watch failed"));
  };
  connection.on("ready", onReady);
  const timer = setInterval(() => void check().catch((err: Error) => deps.log.error({ err: err.message }, "redis watch failed")), deps.config.worker.WORKER_REDIS_WATCH_MS);
  timer.unref();
  return {
    check,
    stop() {
      clearInterval(timer);
      connection.off("ready", onReady);
    },
  };
}
