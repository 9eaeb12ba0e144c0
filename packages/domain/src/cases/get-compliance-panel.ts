import { and, eq, inArray } from "drizzle-orm";
import { callUsage, resolveRuleSet, type CallUsage, type Policy, type ResolvedRuleSet } from "@casebook/compliance";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { loadCaseForActor } from "./case-access";
import { buildCheckRequest } from "../outreach/gate/build-check-request";
import type { CheckDecision, CheckRequest } from "@casebook/compliance";
import { evaluateCheck } from "../outreach/gate/evaluate-check";

export interface PanelCell {
  contactPointId: string;
  partyPersonId: string;
  channel: "call" | "sms" | "email" | "letter";
  decision: CheckDecision["decision"];
  notBefore: string | null;
  results: CheckDecision["results"];
  timeZones: string[];
}

/** One figure of the rules in force, with where it comes from: the rule set, or the client's tighter policy. */
export interface RuleInForce {
  rule: string;
  kind: "window" | "calls_per_week" | "calls_per_number_day" | "conversations_per_day";
  start?: string;
  end?: string;
  max?: number;
  source: "rule_set" | "client_policy";
}

export interface CompliancePanel {
  cells: PanelCell[];
  usage: Array<CallUsage & { clientReference: string }>;
  zones: string[];
  ruleSet: string;
  inForce: RuleInForce[];
}

const FIGURES: Array<{ rule: string; kind: RuleInForce["kind"]; param?: string }> = [
  { rule: "US-REGF-TIME", kind: "window" },
  { rule: "CN-TIME", kind: "window" },
  { rule: "UK-CONC-TIME", kind: "window" },
  { rule: "US-REGF-FREQ-7IN7", kind: "calls_per_week", param: "maxCalls" },
  { rule: "US-MA-FREQ", kind: "calls_per_week", param: "maxCalls" },
  { rule: "CN-FREQ-NUMBER", kind: "calls_per_number_day", param: "maxCallsPerNumber" },
  { rule: "CN-FREQ-DAILY", kind: "conversations_per_day", param: "maxPerDay" },
];

/**
 * The figures the gate applies, read from the same resolution the engine uses (rule set + the client's
 * policy): where the client is tighter (6 calls a week instead of 7, 09:00–20:00), the tighter figure
 * and its source. The panel and the gate cannot disagree because both come from resolveRuleSet.
 */
export function rulesInForce(ruleSet: ResolvedRuleSet["id"], policy: Policy | undefined): RuleInForce[] {
  const base = resolveRuleSet(ruleSet);
  const effective = policy ? resolveRuleSet(ruleSet, policy) : base;
  const paramsOf = (set: ResolvedRuleSet, rule: string) => set.rules.find((r) => r.id === rule)?.params;
  const out: RuleInForce[] = [];
  for (const f of FIGURES) {
    const now = paramsOf(effective, f.rule);
    if (!now) continue;
    const before = paramsOf(base, f.rule) ?? {};
    const source = JSON.stringify(now) === JSON.stringify(before) ? "rule_set" : "client_policy";
    if (f.kind === "window") out.push({ rule: f.rule, kind: f.kind, start: String(now.start), end: String(now.end), source });
    else out.push({ rule: f.rule, kind: f.kind, max: Number(now[f.param!]), source });
  }
  return out;
}

const CHANNELS_BY_KIND = { phone: ["call", "sms"], email: ["email"], address: ["letter"] } as const;

/**
 * The live panel: what the gate would answer now for each of the debtor's usable contact points and
 * channels (as previewContact: nothing stored, nothing locked), and the week's calls per debt (callUsage).
 * Content is declared as a compliant collection message (identity, opt-out), so what remains is what
 * the rules say about the person, the time and the history.
 */
export async function getCompliancePanel(ctx: DomainContext, caseId: string): Promise<CompliancePanel> {
  const c = await loadCaseForActor(ctx.db, ctx.actor, caseId);
  const cps = await ctx.db.select().from(schema.contactPoints)
    .where(and(eq(schema.contactPoints.personId, c.personId), inArray(schema.contactPoints.status, ["valid"])));
  const accounts = await ctx.db.select({ id: schema.accounts.id, ref: schema.accounts.clientReference }).from(schema.accounts).where(eq(schema.accounts.caseId, c.id));
  const jobs = cps.flatMap((cp) => CHANNELS_BY_KIND[cp.kind].map((channel) => ({ cp, channel })));
  const first = jobs[0];
  if (!first) return { cells: [], usage: [], zones: [], ruleSet: "", inForce: [] };
  // What previewContact does, once: the facts (history, holds, disputes, opt-outs, consents) do not depend
  // on the address, so one read serves every cell and only the proposed channel and address vary.
  const base = await buildCheckRequest(ctx.db, {
    caseId: c.id, contactPointId: first.cp.id, channel: "call", purpose: "collection",
    content: { disclosesDebt: true, hasOptOut: true, identifiesCollector: true }, now: ctx.now,
  });
  const requestFor = (cp: (typeof cps)[number], channel: PanelCell["channel"]): CheckRequest => ({
    ...base.request,
    proposed: {
      ...base.request.proposed,
      channel,
      party: { ...base.request.proposed.party, address: cp.value, workplace: cp.isWorkplace, addressType: cp.isPersonal ? "personal" : "other" },
    },
  });
  const previews = jobs.map(({ cp, channel }) => {
    const request = requestFor(cp, channel);
    return { cp, channel, preview: { request, decision: evaluateCheck(request, base.policy) } };
  });
  const cells: PanelCell[] = previews.map(({ cp, channel, preview }) => ({
    contactPointId: cp.id, partyPersonId: c.personId, channel, decision: preview.decision.decision,
    notBefore: preview.decision.notBefore, results: preview.decision.results, timeZones: preview.decision.timeZones,
  }));
  const callPreview = previews.find((p) => p.channel === "call")?.preview;
  const refs = new Map(accounts.map((a) => [a.id, a.ref]));
  // With the client's policy, as the gate counts: a cap of 6 shows 6, not the rule set's 7.
  const usage = callPreview ? callUsage(callPreview.request, base.policy ? { policy: base.policy } : {}).map((u) => ({ ...u, clientReference: refs.get(u.debtId) ?? u.debtId })) : [];
  return { cells, usage, zones: callPreview?.decision.timeZones ?? cells[0]?.timeZones ?? [], ruleSet: base.ruleSet, inForce: rulesInForce(base.ruleSet, base.policy) };
}
