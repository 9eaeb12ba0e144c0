import { createChannels } from "@casebook/channels";
import { createLogger, logSafeMessage } from "@casebook/config";
import { createDb } from "@casebook/db";
import { unsafeRuntimeLogin } from "@casebook/db/roles";
import { systemActor } from "@casebook/domain";
import { randomUUID } from "node:crypto";
import { createProducer, createProducerConnection, createWorkerConnection, producerJobQueue } from "@casebook/jobs";
import { createClock } from "./clock";
import { createWorkers, selectedQueues } from "./create-workers";
import { startHealthServer } from "./http";
import { createWorkerMetrics, timedChannels } from "./metrics";
import type { Deps } from "./deps";
import { readConfig } from "./env";
import { registerSchedulers } from "./schedulers";
import { watchRedis } from "./redis-watch";

export async function startWorker() {
  const config = readConfig();
  const log = createLogger("worker", config.worker.LOG_LEVEL);
  // Issue 10: in production the worker never runs as a login that can switch the ledger's
  // append-only triggers off (a superuser, the tables' owner); tests and development are let be.
  if (config.worker.NODE_ENV === "production") {
    const problem = await unsafeRuntimeLogin(config.db.DATABASE_URL);
    if (problem) throw new Error(problem);
  }
  const handle = createDb({ url: config.db.DATABASE_URL, max: config.db.DATABASE_POOL_MAX, prepare: config.db.DATABASE_PREPARE, prepareAll: true });
  const producerConnection = createProducerConnection({ env: config.jobs, name: "casebook-worker-producer" });
  const workerConnection = createWorkerConnection({ env: config.jobs, name: "casebook-worker" });
  const producer = createProducer({ env: config.jobs, connection: producerConnection });
  const rawChannels = createChannels(config.channels);
  const clock = createClock(config.worker);
  // The domain's infrastructure, built once here: the database, the clock, ids and the queue port.
  const infra = { db: handle.db, clock, ids: randomUUID, enqueue: producerJobQueue(producer), ...(config.worker.CASEBOOK_PUBLIC_URL ? { publicUrl: config.worker.CASEBOOK_PUBLIC_URL } : {}) };
  const deps0: Omit<Deps, "channels"> = { config, infra, db: handle.db, producer, clock, actor: systemActor("outreach-worker"), log };
  const metrics = createWorkerMetrics(producer, selectedQueues({ ...deps0, channels: rawChannels }));
  const channels = timedChannels(rawChannels, metrics);
  const deps: Deps = { ...deps0, channels, metrics };

  // Registers the schedulers (and after a Redis data loss, again), on every (re)connection.
  const watch = watchRedis(deps, producer, producerConnection);
  // The producer connection fails fast (no offline queue): wait for it before the first check.
  if (producerConnection.status !== "ready") await new Promise((resolve) => producerConnection.once("ready", resolve));
  await watch.check();
  if (!config.worker.WORKER_NO_SCHEDULERS) await registerSchedulers(deps, producer);
  const workers = createWorkers(deps, workerConnection);
  const http = config.worker.WORKER_HTTP_PORT === undefined ? undefined : await startHealthServer(deps, metrics, config.worker.WORKER_HTTP_PORT, config.worker.WORKER_HTTP_HOST);
  log.info({ pid: process.pid, queues: workers.map((w) => w.name), prefix: config.jobs.CASEBOOK_QUEUE_PREFIX, httpPort: http?.port }, "worker started");

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      log.info({ signal }, "worker stopping");
      // Not ready from now on (no new traffic is routed here); liveness answers until the end.
      http?.draining();
      watch.stop();
      // close() waits for active jobs to finish; their locks are released, nothing is left stalled.
      await Promise.allSettled(workers.map((w) => w.close()));
      await producer.close();
      // BullMQ does not quit connections it was given (docs/CONVENTIONS.md, toolchain traps).
      await Promise.allSettled([workerConnection.quit(), producerConnection.quit()]);
      await rawChannels.close().catch(() => undefined);
      await handle.close();
      await http?.close();
      log.info("worker stopped");
    })();
    return stopping;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void stop(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  return { stop, workers, deps };
}

void startWorker().catch((err: unknown) => {
  // Configuration and connection errors only: no personal data can be in them.
  console.error(`worker failed to start: ${logSafeMessage(err)}`);
  process.exit(1);
});
