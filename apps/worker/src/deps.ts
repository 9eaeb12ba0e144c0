import type { Channels } from "@casebook/channels";
import type { Db } from "@casebook/db";
import { domainContext, type Actor, type DomainContext, type DomainInfra } from "@casebook/domain";
import type { Producer } from "@casebook/jobs";
import type { Logger } from "@casebook/config";
import type { Clock } from "./clock";
import type { Config } from "./env";
import type { WorkerMetrics } from "./metrics";

/** What every processor gets: nothing global, so tests can build their own. `infra` is what the
 *  domain receives (the same db, clock and producer, built once in main.ts). */
export interface Deps {
  config: Config;
  infra: DomainInfra;
  db: Db;
  producer: Producer;
  channels: Channels;
  clock: Clock;
  actor: Actor;
  log: Logger;
  /** Absent in tests that build their own deps. */
  metrics?: WorkerMetrics;
}

/** The domain context of one job: the worker's infrastructure, its system actor, the clock's now. */
export function contextOf(deps: Pick<Deps, "infra" | "actor">): DomainContext {
  return domainContext(deps.infra, deps.actor);
}
