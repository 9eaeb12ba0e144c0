import type { Channels } from "@casebook/channels";
import type { Db } from "@casebook/db";
import type { Actor } from "@casebook/domain";
import type { Producer } from "@casebook/jobs";
import type { Logger } from "@casebook/config";
import type { Clock } from "./clock";
import type { Config } from "./env";

/** What every processor gets: nothing global, so tests can build their own. */
export interface Deps {
  config: Config;
  db: Db;
  producer: Producer;
  channels: Channels;
  clock: Clock;
  actor: Actor;
  log: Logger;
}
