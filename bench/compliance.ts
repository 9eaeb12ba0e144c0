// Throughput and latency of the compliance gate: 100,000 checks with 50-entry histories across every
// rule set, in one Node process. Requests are generated in chunks outside the timed section, so each
// timed check is a distinct request. Prints one JSON object.
import { evaluate, type CheckRequest, type HistoryEntry, type RuleSetId } from "@casebook/compliance";

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 100_000);
const CHUNK = 10_000;
const HISTORY = 50;
const WARMUP = 3_000;

// mulberry32: deterministic across runs.
let seed = 20260610;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const RULE_SETS: RuleSetId[] = ["US-FDCPA", "US-MA", "CN-CBA", "UK-CONC"];
const START = Date.parse("2026-01-01T00:00:00Z");
const YEAR = 365 * 86_400_000;
const US_PHONES = ["+12125550100", "+13105550100", "+18505550100", "+19285550100", "+18085550100", "+14235550100", "+17135550100"];
const US_ZIPS = ["10001", "94105", "32501", "60601", "85001", "02108", "79901"];

function consumerFor(ruleSet: RuleSetId): CheckRequest["consumer"] {
  const mode = random();
  if (ruleSet === "CN-CBA") return { id: "c1", country: "CN", locations: [{ type: "phone", number: "+8613800138000" }] };
  if (ruleSet === "UK-CONC") return { id: "c1", country: "GB", locations: [{ type: "phone", number: "+447700900123" }] };
  if (mode < 0.3) return { id: "c1", country: "US", timeZones: [pick(["America/New_York", "America/Chicago", "America/Los_Angeles", "America/Denver"])] };
  if (mode < 0.8) return { id: "c1", country: "US", locations: [{ type: "phone", number: pick(US_PHONES) }, { type: "address", region: ruleSet === "US-MA" ? "MA" : undefined, postalCode: pick(US_ZIPS) }] };
  return { id: "c1", country: "US" };
}

function makeRequest(i: number): CheckRequest {
  const ruleSet = RULE_SETS[i % RULE_SETS.length]!;
  const now = START + Math.floor(random() * YEAR);
  const consumer = consumerFor(ruleSet);
  const number = consumer.locations?.find((l) => l.type === "phone")?.type === "phone" ? (consumer.locations[0] as { number: string }).number : "+12125550100";
  const history: HistoryEntry[] = [];
  for (let h = 0; h < HISTORY; h++) {
    history.push({
      at: new Date(now - Math.floor(random() * 14 * 86_400_000)).toISOString(),
      channel: pick(["call", "call", "call", "voicemail", "sms", "email"]),
      direction: random() < 0.85 ? "outbound" : "inbound",
      party: random() < 0.9 ? { role: "consumer", id: "c1", address: number } : { role: "emergency_contact", id: "e1", address: "+12125550188" },
      debtIds: pick([["d1"], ["d2"], ["d1", "d2"]]),
      outcome: pick(["not_connected", "no_answer", "no_answer", "voicemail", "conversation", "delivered", "failed", "wrong_party"]),
    });
  }
  const channel = pick(["call", "call", "sms", "email", "voicemail"] as const);
  // A few holds, so blocks are part of the mix as they are in a real book.
  const hold = random();
  if (hold < 0.03) consumer.disputedDebtIds = ["d1"];
  else if (hold < 0.05) consumer.flags = { cease: true };
  return {
    ruleSet,
    now: new Date(now).toISOString(),
    consumer,
    debtIds: pick([["d1"], ["d1", "d2"]]),
    history,
    proposed: {
      channel,
      party: { role: "consumer", id: "c1", address: channel === "email" ? "c1@example.com" : number, addressType: "personal" },
      purpose: "collection",
      content: channel === "voicemail" ? { disclosesDebt: false, limitedContent: true } : { disclosesDebt: true, hasOptOut: true, identifiesCollector: true },
    },
  };
}

const validate = process.env.BENCH_VALIDATE !== "0";
for (let i = 0; i < WARMUP; i++) evaluate(makeRequest(i), { validate });

const latencies = new Float64Array(TOTAL);
const decisions = { allow: 0, defer: 0, block: 0 };
let busy = 0n;
let cpuMicros = 0;
for (let done = 0; done < TOTAL; done += CHUNK) {
  const n = Math.min(CHUNK, TOTAL - done);
  const chunk = Array.from({ length: n }, (_, k) => makeRequest(done + k));
  const cpuStart = process.cpuUsage();
  const chunkStart = process.hrtime.bigint();
  for (let k = 0; k < n; k++) {
    const t0 = process.hrtime.bigint();
    const d = evaluate(chunk[k]!, { validate });
    latencies[done + k] = Number(process.hrtime.bigint() - t0) / 1e6;
    decisions[d.decision]++;
  }
  busy += process.hrtime.bigint() - chunkStart;
  const cpu = process.cpuUsage(cpuStart);
  cpuMicros += cpu.user + cpu.system;
}

const sorted = Float64Array.from(latencies).sort();
const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(4));
const seconds = Number(busy) / 1e9;
process.stdout.write(
  `${JSON.stringify({
    bench: "compliance",
    requests: TOTAL,
    historyEntries: HISTORY,
    ruleSets: RULE_SETS,
    validate,
    checksPerSecond: Math.round(TOTAL / seconds),
    // Per second of this process's CPU time: the figure that does not depend on what else the machine runs.
    checksPerCpuSecond: Math.round(TOTAL / (cpuMicros / 1e6)),
    latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: Number(sorted[sorted.length - 1]!.toFixed(3)) },
    decisions,
    node: process.version,
  })}\n`,
);
