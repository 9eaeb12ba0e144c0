import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Channels } from "@casebook/channels";
import { queueDepths, type Producer, type QueueName } from "@casebook/jobs";

/**
 * The worker's Prometheus metrics (served by http.ts on WORKER_HTTP_PORT). Per process: Prometheus
 * adds the workers up with sum(); the queue depth is Redis' own figure, the same on every worker
 * (max() it). Labels are closed sets (queue, channel, status words, rule ids): never an id or a person.
 */
export interface WorkerMetrics {
  registry: Registry;
  /** A step's fate in one dispatch job: sent, deferred, blocked, failed, retrying, given_up ... */
  dispatched: Counter<"channel" | "outcome">;
  /** Gate decisions this process made, by rule ('' = the decision overall) and outcome (allow/defer/block). */
  decisions: Counter<"rule" | "outcome">;
  /** The channel adapter's send, by channel and result (ok, transient, permanent, error). */
  sendSeconds: Histogram<"channel" | "result">;
  jobsFailed: Counter<"queue" | "final">;
  givenUp: Counter<"queue">;
}

export function createWorkerMetrics(producer: Producer, queues: QueueName[]): WorkerMetrics {
  const registry = new Registry();
  // Event-loop lag, heap, RSS, GC, handles: prom-client's defaults (nodejs_eventloop_lag_seconds ...).
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "casebook_queue_jobs",
    help: "Jobs in each queue by state (BullMQ getJobCounts): the same on every worker, use max()",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      // A scrape while Redis is away must still answer (with the other metrics).
      const depths = await queueDepths(producer, queues).catch(() => []);
      this.reset();
      for (const d of depths) this.set({ queue: d.queue, state: d.state }, d.jobs);
    },
  });
  return {
    registry,
    dispatched: new Counter({ name: "casebook_dispatch_steps_total", help: "Outreach steps handled by dispatch jobs, by channel and outcome", labelNames: ["channel", "outcome"], registers: [registry] }),
    decisions: new Counter({ name: "casebook_worker_gate_decisions_total", help: "Gate decisions made by this worker, by rule ('' = the decision overall) and outcome", labelNames: ["rule", "outcome"], registers: [registry] }),
    sendSeconds: new Histogram({
      name: "casebook_send_seconds",
      help: "Time of one send through the channel's adapter (provider API, SMTP, letter render)",
      labelNames: ["channel", "result"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    jobsFailed: new Counter({ name: "casebook_jobs_failed_total", help: "Failed job attempts by queue; final = no retry left (dead-lettered)", labelNames: ["queue", "final"], registers: [registry] }),
    givenUp: new Counter({ name: "casebook_steps_given_up_total", help: "Outreach steps given up after their retries", labelNames: ["queue"], registers: [registry] }),
  };
}

const CHANNEL_BY_QUEUE: Record<string, string> = { "dispatch-sms": "sms", "dispatch-email": "email", "dispatch-voice": "call", "dispatch-letter": "letter" };
const DECISION_BY_STATUS: Record<string, "allow" | "defer" | "block"> = { sent: "allow", deferred: "defer", blocked: "block" };

/** Counts a completed dispatch job's steps from its result: a single step's ({status, rules?}) or a
 *  batch's ({steps: {id: status}, rules: {status: {rule: n}}}). Anything else (a sweep's result) is not
 *  a dispatch. */
export function countDispatchResult(metrics: WorkerMetrics, queue: string, result: unknown): void {
  const channel = CHANNEL_BY_QUEUE[queue];
  if (!channel || !result || typeof result !== "object") return;
  const r = result as { status?: unknown; rules?: unknown; steps?: unknown };
  const one = (status: string, rules: string[] = []) => {
    metrics.dispatched.inc({ channel, outcome: status });
    if (status === "given_up") metrics.givenUp.inc({ queue });
    const decision = DECISION_BY_STATUS[status];
    if (!decision) return;
    metrics.decisions.inc({ rule: "", outcome: decision });
    for (const rule of rules) metrics.decisions.inc({ rule, outcome: decision });
  };
  if (typeof r.status === "string") one(r.status, Array.isArray(r.rules) ? r.rules.filter((x): x is string => typeof x === "string") : []);
  else if (r.steps && typeof r.steps === "object") {
    for (const status of Object.values(r.steps as Record<string, unknown>)) if (typeof status === "string") one(status);
    // A batch's refusals by rule: {deferred: {rule: n}, blocked: {rule: n}} (processors/dispatch-batch.ts).
    const byStatus = (r as { rules?: unknown }).rules;
    if (byStatus && typeof byStatus === "object") {
      for (const [status, counts] of Object.entries(byStatus as Record<string, unknown>)) {
        const decision = DECISION_BY_STATUS[status];
        if (!decision || !counts || typeof counts !== "object") continue;
        for (const [rule, count] of Object.entries(counts as Record<string, unknown>)) if (typeof count === "number" && count > 0) metrics.decisions.inc({ rule, outcome: decision }, count);
      }
    }
  }
}

/** A compliance block ends a single-step job as failed ("compliance_block: rule,rule"): a decision. */
export function countBlocked(metrics: WorkerMetrics, queue: string, message: string, prefix: string): void {
  const channel = CHANNEL_BY_QUEUE[queue];
  if (!channel || !message.startsWith(prefix)) return;
  metrics.dispatched.inc({ channel, outcome: "blocked" });
  metrics.decisions.inc({ rule: "", outcome: "block" });
  for (const rule of message.slice(prefix.length).replace(/^:\s*/, "").split(",").map((x) => x.trim()).filter(Boolean)) metrics.decisions.inc({ rule, outcome: "block" });
}

/** The channels, each send timed into casebook_send_seconds (a proxy: the adapter itself is untouched). */
export function timedChannels(channels: Channels, metrics: WorkerMetrics): Channels {
  const wrap = <A extends Channels["sms"] | Channels["email"] | Channels["call"] | Channels["letter"]>(adapter: A): A => {
    const send = async (...args: unknown[]) => {
      const end = metrics.sendSeconds.startTimer({ channel: adapter.channel });
      try {
        const result = await (adapter.send as (...a: unknown[]) => Promise<unknown>).apply(adapter, args);
        end({ result: "ok" });
        return result;
      } catch (err) {
        const name = (err as Error | undefined)?.name;
        end({ result: name === "TransientChannelError" ? "transient" : name === "PermanentChannelError" ? "permanent" : "error" });
        throw err;
      }
    };
    return new Proxy(adapter, {
      get(target, property) {
        if (property === "send") return send;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return { ...channels, email: wrap(channels.email), sms: wrap(channels.sms), call: wrap(channels.call), letter: wrap(channels.letter), close: () => channels.close() };
}
