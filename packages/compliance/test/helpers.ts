import { evaluate, type CheckDecision, type CheckRequest, type EvaluateOptions, type HistoryEntry } from "../src/index";

export type Mutate = (r: CheckRequest) => void;
export type Expect = { decision: CheckDecision["decision"]; rules?: string[]; notBefore?: string | null; zones?: string[] };
export type Case = [name: string, mutate: Mutate, expected: Expect];

export const NUMBER = "+12125550100";

/** A plain, allowed US call: Wednesday 2026-06-10 12:00 in New York, nothing on the record. */
export function baseRequest(): CheckRequest {
  return {
    ruleSet: "US-FDCPA",
    now: "2026-06-10T16:00:00Z",
    consumer: { id: "c1", country: "US", timeZones: ["America/New_York"] },
    debtIds: ["d1"],
    history: [],
    proposed: { channel: "call", party: { role: "consumer", id: "c1", address: NUMBER, addressType: "personal" }, purpose: "collection" },
  };
}

export function entry(at: string, patch: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    at,
    channel: "call",
    direction: "outbound",
    party: { role: "consumer", id: "c1", address: NUMBER },
    debtIds: ["d1"],
    outcome: "no_answer",
    ...patch,
  };
}

/** One entry per instant. */
export function entries(ats: string[], patch: Partial<HistoryEntry> = {}): HistoryEntry[] {
  return ats.map((at) => entry(at, patch));
}

/** `n` consecutive days at the same UTC time of day, starting at `firstDay` ("YYYY-MM-DD"). */
export function daily(firstDay: string, n: number, time = "16:00:00Z", patch: Partial<HistoryEntry> = {}): HistoryEntry[] {
  const start = Date.parse(`${firstDay}T${time}`);
  return Array.from({ length: n }, (_, i) => entry(new Date(start + i * 86_400_000).toISOString(), patch));
}

export function run(mutate: Mutate, options?: EvaluateOptions): CheckDecision {
  const r = baseRequest();
  mutate(r);
  return evaluate(r, options);
}

export function check(decision: CheckDecision, expected: Expect): void {
  const got = { decision: decision.decision, rules: decision.results.map((x) => x.rule), notBefore: decision.notBefore, zones: decision.timeZones };
  const want = {
    decision: expected.decision,
    rules: expected.rules ?? got.rules,
    notBefore: expected.notBefore === undefined ? got.notBefore : expected.notBefore,
    zones: expected.zones ?? got.zones,
  };
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`expected ${JSON.stringify(want)}\n     got ${JSON.stringify(got)}\n reasons ${decision.results.map((r) => `${r.rule}: ${r.reason}`).join(" | ")}`);
  }
  for (const r of decision.results) if (!r.reason || r.reason.length < 10) throw new Error(`empty reason for ${r.rule}`);
  if (decision.decision === "defer" && decision.notBefore && Date.parse(decision.notBefore) % 60_000 !== 0) throw new Error("notBefore is not a whole minute");
}
