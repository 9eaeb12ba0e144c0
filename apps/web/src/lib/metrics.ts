import { timingSafeEqual } from "node:crypto";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { gateDecisionTotals } from "@casebook/domain";
import { queueDepths } from "@casebook/jobs";
import { appInfra, appProducer } from "./infra";

/**
 * The console's Prometheus registry, one per server process (kept on globalThis: Next may load this
 * module more than once). Gate decisions come from the ledger's decisions rollup, so they are the
 * whole deployment's, whichever console is scraped; queue depth is Redis' own figure (use max()).
 */
function build(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "casebook_queue_jobs",
    help: "Jobs in each queue by state (BullMQ getJobCounts): the same on every instance, use max()",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      const depths = await queueDepths(appProducer()).catch(() => []);
      this.reset();
      for (const d of depths) this.set({ queue: d.queue, state: d.state }, d.jobs);
    },
  });
  new Gauge({
    // A total that only grows (the ledger is append-only), exported as a gauge because it is read,
    // not counted, here; rate() works on it the same.
    name: "casebook_gate_decisions_total",
    help: "Gate decisions in the ledger by channel, rule ('' = the decision overall) and outcome (decisions rollup)",
    labelNames: ["channel", "rule", "outcome"],
    registers: [registry],
    async collect() {
      const totals = await gateDecisionTotals(appInfra().db).catch(() => []);
      this.reset();
      for (const t of totals) this.set({ channel: t.channel, rule: t.rule, outcome: t.outcome }, t.decisions);
    },
  });
  return registry;
}

const holder = globalThis as { casebookMetrics?: Registry };
export function appMetrics(): Registry {
  holder.casebookMetrics ??= build();
  return holder.casebookMetrics;
}

/** Bearer token compared in constant time; no token configured: refused (see env.ts). */
export function metricsAllowed(header: string | null, token: string | undefined): boolean {
  if (!token) return false;
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}
