// What the long dispatch benches (faults, soak) share: the workers' simulated clock, a fleet of real
// worker processes (apps/worker) that can be killed, restarted and re-clocked, a feeder that makes
// steps due at a steady rate, and a sampler of sent steps and backlog from the database.
import type { ChildProcess } from "node:child_process";
import type { TestDatabase } from "@casebook/db/testing";
import { insertSteps } from "./ledger";
import { Children, sleep, workerDir } from "./processes";

/** The workers' clock (apps/worker/src/clock.ts: CASEBOOK_CLOCK_START + real time since EPOCH): one
 *  real second is one simulated second; `jump` moves it forward for workers started from then on. */
export class BenchClock {
  private offsetMs = 0;
  readonly epoch = Date.now();
  constructor(private readonly startMs: number) {}
  now(): Date {
    return new Date(this.startMs + this.offsetMs + (Date.now() - this.epoch));
  }
  /** A wall-clock instant (Date.now(), a BullMQ job's timestamps, PostgreSQL's now()) on this clock. */
  ofWall(ms: number): number {
    return this.startMs + this.offsetMs + (ms - this.epoch);
  }
  jump(ms: number) {
    this.offsetMs += ms;
  }
  env(): Record<string, string> {
    return { CASEBOOK_CLOCK_START: new Date(this.startMs + this.offsetMs).toISOString(), CASEBOOK_CLOCK_EPOCH_MS: String(this.epoch), CASEBOOK_CLOCK_RATE: "1" };
  }
}

/** N real worker processes; slot i can be killed (-9), restarted, or restarted with other env. */
export class WorkerFleet {
  readonly slots: Array<ChildProcess | undefined> = [];
  readonly restarts: number[] = [];
  constructor(
    private readonly children: Children,
    readonly size: number,
    private readonly env: () => Record<string, string>,
  ) {}

  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, (_, i) => this.startSlot(i)));
  }

  async startSlot(i: number): Promise<void> {
    const { child } = await this.children.spawn(["src/main.ts"], workerDir, this.env(), "worker started");
    this.slots[i] = child;
  }

  /** kill -9 of slot i, and (after `downMs`) a fresh process in its place. */
  async kill9(i: number, downMs: number): Promise<void> {
    const child = this.slots[i];
    if (child) await Children.kill9(child);
    this.restarts.push(Date.now());
    await sleep(downMs);
    await this.startSlot(i);
  }

  /** A graceful restart (SIGTERM: active jobs finish) of every slot, one after another. */
  async rollingRestart(): Promise<void> {
    for (let i = 0; i < this.size; i++) {
      const child = this.slots[i];
      if (child) await Children.stop(child, 30_000);
      await this.startSlot(i);
    }
  }

  /** A graceful stop (SIGTERM: active jobs finish) of every slot at once. */
  async stopAll(): Promise<void> {
    await Promise.all(this.slots.map((c) => (c ? Children.stop(c, 30_000) : undefined)));
  }

  pids(): number[] {
    return this.slots.flatMap((c) => (c?.pid !== undefined && c.exitCode === null && c.signalCode === null ? [c.pid] : []));
  }
}

/** The worker environment the fault and soak benches run with: its own database, Redis, prefix and
 *  simulator, the sweep and reconcile scheduled by the workers themselves, and short retry/lease/lock
 *  periods so a fault's aftermath plays out in seconds rather than the production minutes. */
export function fleetEnv(o: { databaseUrl: string; redisUrl: string; prefix: string; simUrl: string; apiKey: string; secret: string; letterDir: string; queues: string; dispatchConcurrency: number }): Record<string, string> {
  return {
    DATABASE_URL: o.databaseUrl, DATABASE_POOL_MAX: "6", REDIS_URL: o.redisUrl, REDIS_CLUSTER_NODES: "", CASEBOOK_QUEUE_PREFIX: o.prefix, NODE_ENV: "test", LOG_LEVEL: "info",
    PROVIDER_URL: o.simUrl, PROVIDER_API_KEY: o.apiKey, PROVIDER_SIGNING_SECRET: o.secret, PROVIDER_TIMEOUT_MS: "5000", LETTER_DIR: o.letterDir, SMTP_URL: "smtp://127.0.0.1:2525",
    WORKER_QUEUES: o.queues, WORKER_DISPATCH_CONCURRENCY: String(o.dispatchConcurrency), WORKER_NO_SCHEDULERS: "false",
    SWEEP_EVERY_MS: "1000", RECONCILE_EVERY_MS: "2000", RECONCILE_STALE_CLAIM_SECONDS: "20", SWEEP_LEASE_SECONDS: "60", WORKER_LOCK_MS: "10000",
    WORKER_REDIS_WATCH_MS: "2000", DISPATCH_RETRY_BASE_MS: "1000", DISPATCH_RETRY_MAX_DELAY_MS: "5000", DISPATCH_RETRY_GIVE_UP_AFTER_MS: "900000",
  };
}

/**
 * Makes steps due at `rate` a second: every tick, the steps owed since the start are inserted for the
 * next unused cases of bulkCases (`perCase` steps each, kind `kind`), due one second ago on the bench
 * clock. An insert that fails (the database restarting) is owed and made up at the next tick.
 *
 * With `leadMs` (the soak) the steps are planned ahead instead, as the planner writes them: each case's
 * steps are due at their own instant, `rate` a second from the feed's start, and inserted `leadMs`
 * before it. Due one second ago put a second of the bench's own into every due -> sent (the sweep could
 * not have seen a step before it was inserted), and a tick's steps all shared one due instant.
 */
export class Feeder {
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private fedCases = 0;
  private busy = false;
  errors = 0;
  constructor(
    private readonly t: TestDatabase,
    private readonly clock: BenchClock,
    private nextCase: number,
    private readonly lastCase: number,
    private readonly o: { rate: number; perCase: number; kind: string; template: string; leadMs?: number },
  ) {}
  get casesUsed() {
    return this.fedCases;
  }
  get cursor() {
    return this.nextCase;
  }
  private startedOnClock = 0;
  start() {
    this.started = Date.now();
    this.startedOnClock = this.clock.now().getTime();
    this.timer = setInterval(() => void this.tick(), 200);
    if (this.o.leadMs !== undefined) void this.tick();
  }
  private async tick() {
    if (this.busy) return;
    this.busy = true;
    try {
      const lead = this.o.leadMs ?? 0;
      const casesPerSecond = this.o.rate / this.o.perCase;
      const owedCases = Math.floor(((Date.now() - this.started + lead) / 1000) * casesPerSecond) - this.fedCases;
      const n = Math.min(owedCases, this.lastCase - this.nextCase + 1);
      if (n <= 0) return;
      const planned = this.o.leadMs !== undefined;
      const due = new Date(planned ? this.startedOnClock + (this.fedCases * 1000) / casesPerSecond : this.clock.now().getTime() - 1000).toISOString();
      await insertSteps(this.t, { from: this.nextCase, to: this.nextCase + n - 1, perCase: this.o.perCase, kind: this.o.kind, dueAt: due, channel: "sms", template: this.o.template, ...(planned ? { dueStepMs: 1000 / casesPerSecond } : {}) });
      this.nextCase += n;
      this.fedCases += n;
    } catch {
      this.errors++;
    } finally {
      this.busy = false;
    }
  }
  async stop() {
    clearInterval(this.timer);
    while (this.busy) await sleep(20);
  }
}

export interface Sample {
  /** Seconds since the sampler started. */
  t: number;
  sent: number;
  /** Steps due and not finished: planned, claimed, reconcile, or deferred to a time already past. */
  backlog: number;
  /** Of those, the ones made before the mark (the fault's end): what the fault left behind. */
  backlogBeforeMark: number;
}

/** Every `everyMs`, the steps of `kind` sent so far and the backlog; a failed read (the database
 *  restarting) is skipped. `backlogOnly` (the soak): the backlog alone, read through the two partial
 *  indexes of open steps; counting the sent steps scans every step of the run (540,000 at the end of
 *  a 30-minute soak at 300/s), a cost of the bench's own that grows while the drop is measured. */
export class Sampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  readonly t0 = Date.now();
  private markIso = "-infinity";
  constructor(
    private readonly t: TestDatabase,
    private readonly clock: BenchClock,
    private readonly kind: string,
    private readonly everyMs = 1000,
    private readonly backlogOnly = false,
  ) {}
  /** From now on, backlogBeforeMark counts the open steps inserted before this moment. */
  mark(ms: number) {
    this.markIso = new Date(ms).toISOString();
  }
  /** The open steps of `kind` by state and reason (what a slow drain waits for). */
  async open(): Promise<Array<{ state: string; reason: string | null; n: number }>> {
    return this.t.sql<{ state: string; reason: string | null; n: number }[]>`select state::text, reason::text, count(*)::int as n from outreach_steps
      where kind = ${this.kind} and (state in ('planned', 'claimed', 'reconcile') or (state = 'deferred' and due_at <= ${this.clock.now().toISOString()}::timestamptz)) group by 1, 2`;
  }
  start() {
    const read = async () => {
      try {
        if (this.backlogOnly) {
          const now = this.clock.now().toISOString();
          const [b] = await this.t.sql<{ backlog: number }[]>`select count(*)::int as backlog from outreach_steps where kind = ${this.kind}
            and ((state in ('planned', 'deferred') and due_at <= ${now}::timestamptz) or state in ('claimed', 'reconcile'))`;
          this.samples.push({ t: (Date.now() - this.t0) / 1000, sent: Number.NaN, backlog: b!.backlog, backlogBeforeMark: Number.NaN });
          return;
        }
        const [r] = await this.t.sql<{ sent: number; backlog: number; old: number }[]>`select
            count(*) filter (where state in ('dispatched', 'delivered'))::int as sent,
            count(*) filter (where state in ('planned', 'claimed', 'reconcile') or (state = 'deferred' and due_at <= ${this.clock.now().toISOString()}::timestamptz))::int as backlog,
            count(*) filter (where (state in ('planned', 'claimed', 'reconcile') or (state = 'deferred' and due_at <= ${this.clock.now().toISOString()}::timestamptz)) and created_at <= ${this.markIso}::timestamptz)::int as old
          from outreach_steps where kind = ${this.kind}`;
        this.samples.push({ t: (Date.now() - this.t0) / 1000, sent: r!.sent, backlog: r!.backlog, backlogBeforeMark: r!.old });
      } catch {
        // The database is down: no sample.
      }
    };
    void read();
    this.timer = setInterval(() => void read(), this.everyMs);
  }
  stop() {
    clearInterval(this.timer);
  }
  /** Seconds since the start at epoch ms `at`. */
  at(ms: number) {
    return (ms - this.t0) / 1000;
  }
  /** Sent per second over [from, to] (sampler seconds), from the samples nearest inside. */
  rate(from: number, to: number): number | undefined {
    const inside = this.samples.filter((s) => s.t >= from && s.t <= to);
    if (inside.length < 2) return undefined;
    const a = inside[0]!;
    const b = inside[inside.length - 1]!;
    return (b.sent - a.sent) / (b.t - a.t);
  }
}
