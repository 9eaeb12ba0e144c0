import type { HistoryEntry } from "@casebook/compliance";
import type { schema as s } from "@casebook/db";
import { isClosedAccountStatus } from "../../../cases/account-status";
import { stageForDpd } from "@casebook/db/schema";
import { assembleFromCheckFacts, type CheckFacts } from "../../../outreach/gate/build-check-request";
import { evaluateCheck, resolveZones } from "../../../outreach/gate/evaluate-check";
import { historyOutcome, LEDGER_WINDOW_DAYS } from "../../../outreach/gate/ledger-window";
import { contentOf, pickContactPoint } from "../../../outreach/delivery/compose-message";
import { cadenceOccurrences, stageOfCase, stageReference } from "../../../outreach/schedule/cadence";
import { addDays, daysBetween, localDate, localInstant } from "../../../outreach/schedule/local-time";
import type { PortfolioSample } from "./load-sample";

type StageRow = typeof s.strategyStages.$inferSelect;
type StepRow = typeof s.strategySteps.$inferSelect;
type TemplateRow = typeof s.templates.$inferSelect;

export interface SimStrategy { id: string; stages: Array<StageRow & { steps: StepRow[] }> }

export const SIM_CHANNELS = ["sms", "email", "call", "voicemail", "letter"] as const;

export interface WhatIfResult {
  strategyId: string;
  /** Steps by their fate at the end: sent (allowed), blocked, still deferred, and those dispatch would fail. */
  steps: { planned: number; allowed: number; blocked: number; deferredAtEnd: number; deferredOnce: number; noTemplate: number; noContactPoint: number };
  /** Every gate decision (a step deferred twice counts two defers). */
  decisions: { allow: number; defer: number; block: number };
  /** Rules behind the refusals: how many decisions each rule deferred or blocked. */
  byRule: Array<{ rule: string; defer: number; block: number }>;
  /** Contacts sent per UTC day and channel. */
  perDay: Array<{ day: string } & Record<(typeof SIM_CHANNELS)[number], number>>;
}

const DAY = 86_400_000;
const WINDOW_MS = LEDGER_WINDOW_DAYS * DAY;
/** A step deferred this many times in the simulation is left deferred (the real worker would keep trying). */
const MAX_DEFERRALS = 30;
const THIRD = new Set(["third_party", "emergency_contact", "employer"]);
const PARTY_RELATIONSHIP: Record<string, string> = { emergency_contact: "emergency_contact", third_party: "reference" };

interface Ev {
  at: number;
  kind: "step" | "stage";
  caseIdx: number;
  /** Stage events: the stage entered; step events: the step, its party and how often it was deferred. */
  stage?: StageRow & { steps: StepRow[] };
  step?: StepRow;
  partyPersonId?: string;
  deferrals?: number;
  /** The stage entry the step belongs to: a later entry cancels the earlier one's steps. */
  epoch?: number;
  /** Insertion order: events due at the same instant are taken first in, first out. */
  seq?: number;
}

/** A binary min-heap of events by (at, seq): the earliest first, ties in the order they were queued. */
class EventQueue {
  private readonly heap: Ev[] = [];
  private seq = 0;
  get length(): number { return this.heap.length; }
  push(ev: Ev): void {
    const h = this.heap;
    h.push({ ...ev, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }
  pop(): Ev {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
const before = (a: Ev, b: Ev) => a.at < b.at || (a.at === b.at && a.seq! < b.seq!);

/**
 * The what-if (issue 14): a strategy version run over a sample of the real portfolio for `weeks` of
 * simulated time, in memory. Each case is planned as the planner would (its stage, moved forward by DPD
 * day by day; each step's offsets in the debtor's zone; the planner writes them two days ahead, walk by
 * walk, which sends the same steps at the same instants), each step is put to the real rules engine with the
 * request the gate would build at that instant (assembleFromCheckFacts over the sample's facts, the contact
 * point dispatch would choose, the template's declarations, the client policy in force then), an allowed
 * step joins the person's history (so caps and spacing bite), a deferred one comes back at its notBefore.
 * Nothing is written. Not simulated: the debtor's answers (payments, promises, disputes), which would stop
 * or move stages in real life.
 */
export function simulateStrategy(sample: PortfolioSample, strategy: SimStrategy, templates: Map<string, Map<string, TemplateRow>>, start: Date, weeks: number): WhatIfResult {
  const end = start.getTime() + weeks * 7 * DAY;
  const steps = { planned: 0, allowed: 0, blocked: 0, deferredAtEnd: 0, deferredOnce: 0, noTemplate: 0, noContactPoint: 0 };
  const decisions = { allow: 0, defer: 0, block: 0 };
  const byRule = new Map<string, { defer: number; block: number }>();
  const perDay = new Map<string, Record<string, number>>();

  const byDebtor = new Map<string, number[]>();
  sample.cases.forEach((c, i) => byDebtor.set(c.personId, [...(byDebtor.get(c.personId) ?? []), i]));

  for (const [debtorId, caseIdxs] of byDebtor) {
    const debtor = sample.persons.get(debtorId);
    if (!debtor) continue;
    const holds = sample.holdsByPerson.get(debtorId) ?? [];
    const zone = resolveZones({
      id: debtor.id, country: debtor.country,
      ...(debtor.timeZones.length ? { timeZones: debtor.timeZones } : {}),
      ...(debtor.region || debtor.postalCode ? { locations: [{ type: "address" as const, ...(debtor.region ? { region: debtor.region } : {}), ...(debtor.postalCode ? { postalCode: debtor.postalCode } : {}) }] } : {}),
    })[0]!;
    const history: HistoryEntry[] = [...(sample.historyByDebtor.get(debtorId) ?? [])];
    // The entries' instants, parsed once (the ledger window is cut from them at every check).
    const historyAt: number[] = history.map((h) => Date.parse(h.at));
    const queue = new EventQueue();
    const epochOf = new Map<number, number>();
    const caseState = new Map<number, { collectible: string[]; dueDate: string; ordinal: number }>();

    const planStage = (caseIdx: number, stage: StageRow & { steps: StepRow[] }, reference: string, at: number, epoch: number) => {
      const c = sample.cases[caseIdx]!;
      const related = sample.relatedByDebtor.get(debtorId) ?? [];
      for (const step of stage.steps) {
        const parties = step.partyRole === "consumer" ? [debtorId]
          : related.filter((r) => r.refusedAt === null && r.relationship === PARTY_RELATIONSHIP[step.partyRole]).map((r) => r.personId);
        for (const o of cadenceOccurrences(step, reference, zone, new Date(at))) {
          let due = o.dueAt.getTime();
          if ((step.channel === "call" || step.channel === "voicemail") && c.pausedUntil && c.pausedUntil.getTime() > due) due = c.pausedUntil.getTime();
          if (due >= end) continue;
          for (const partyPersonId of parties) {
            queue.push({ at: Math.max(due, start.getTime()), kind: "step", caseIdx, step, partyPersonId, deferrals: 0, epoch });
            steps.planned++;
          }
        }
      }
    };

    const stagesInOrder = [...strategy.stages].sort((a, b) => a.ordinal - b.ordinal);
    for (const caseIdx of caseIdxs) {
      const c = sample.cases[caseIdx]!;
      // The planner's stops: an active hold, every account closed or disputed, a plan instead of the cadence.
      if (holds.some((h) => h.caseId === null || h.caseId === c.id) || sample.onPlan.has(c.id)) continue;
      const disputed = new Set(sample.disputedByCase.get(c.id) ?? []);
      const collectible = (sample.accountsByCase.get(c.id) ?? []).filter((a) => !isClosedAccountStatus(a.status) && !disputed.has(a.id));
      if (collectible.length === 0) continue;
      const dueDate = collectible.map((a) => a.dueDate).sort()[0]!;
      const today = localDate(start, zone);
      const at = stageOfCase(strategy.stages, { stage: c.stage, enteredOn: c.stageEnteredAt ? localDate(c.stageEnteredAt, zone) : null }, dueDate, today, daysBetween(dueDate, today));
      caseState.set(caseIdx, { collectible: collectible.map((a) => a.id), dueDate, ordinal: at?.stage.ordinal ?? -1 });
      epochOf.set(caseIdx, 0);
      if (at) planStage(caseIdx, at.stage, at.reference, start.getTime(), 0);
      // Each later day the planner's walk moves the case forward when its DPD enters a later stage.
      let ordinal = at?.stage.ordinal ?? -1;
      for (let d = 1; d <= weeks * 7; d++) {
        const day = addDays(today, d);
        const target = stageForDpd(stagesInOrder, daysBetween(dueDate, day));
        if (target && target.ordinal > ordinal) {
          ordinal = target.ordinal;
          queue.push({ at: localInstant(day, "00:05", zone).getTime(), kind: "stage", caseIdx, stage: target });
        }
      }
    }

    while (queue.length > 0) {
      const ev = queue.pop();
      if (ev.at >= end) {
        if (ev.kind === "step" && (ev.deferrals ?? 0) > 0) steps.deferredAtEnd++;
        continue;
      }
      const c = sample.cases[ev.caseIdx]!;
      const state = caseState.get(ev.caseIdx)!;
      if (ev.kind === "stage") {
        const epoch = (epochOf.get(ev.caseIdx) ?? 0) + 1;
        epochOf.set(ev.caseIdx, epoch);
        const enteredOn = localDate(new Date(ev.at), zone);
        planStage(ev.caseIdx, ev.stage!, stageReference(ev.stage!.kind, state.dueDate, enteredOn), ev.at, epoch);
        continue;
      }
      // Entering another stage cancelled this step (enterStageInTx cancels the other stages' open steps).
      if (ev.epoch !== epochOf.get(ev.caseIdx)) continue;
      const step = ev.step!;
      const party = sample.persons.get(ev.partyPersonId!);
      const language = party?.preferredLanguage ?? "en";
      const byLanguage = templates.get(step.templateCode);
      const template = byLanguage?.get(language) ?? byLanguage?.get("en") ?? (byLanguage ? [...byLanguage.values()][0] : undefined);
      if (!template) { steps.noTemplate++; continue; }
      const partyPoints = sample.pointsByPerson.get(ev.partyPersonId!) ?? [];
      const point = pickContactPoint(partyPoints, { personId: ev.partyPersonId!, channel: step.channel, contactPointId: null });
      if (!point) { steps.noContactPoint++; continue; }

      const now = new Date(ev.at);
      const client = sample.clients.get(c.clientId)!;
      const versions = sample.policyVersions.get(client.id) ?? [];
      let inForce = { policy: client.policy, version: 0 };
      for (const v of versions) if (v.effectiveFrom.getTime() <= ev.at) inForce = { policy: v.policy, version: v.version };
      const relation = ev.partyPersonId === debtorId ? null : (sample.relatedByDebtor.get(debtorId) ?? []).find((r) => r.personId === ev.partyPersonId) ?? null;
      const since = ev.at - WINDOW_MS;
      const facts: CheckFacts = {
        caseRow: c, client, debtor, caseAccounts: sample.accountsByCase.get(c.id) ?? [],
        relation: relation ? { relationship: relation.relationship, refusedAt: relation.refusedAt } : null,
        points: ev.partyPersonId === debtorId ? partyPoints : [...(sample.pointsByPerson.get(debtorId) ?? []), ...partyPoints],
        holdKinds: holds.filter((h) => h.caseId === null || h.caseId === c.id).map((h) => h.kind),
        disputedAccountIds: sample.disputedByCase.get(c.id) ?? [],
        optOuts: [...(sample.optOutsByPerson.get(debtorId) ?? []), ...(ev.partyPersonId === debtorId ? [] : sample.optOutsByPerson.get(ev.partyPersonId!) ?? [])],
        history: history.filter((_, i) => historyAt[i]! >= since),
        policyInForce: inForce,
      };
      const check = assembleFromCheckFacts(facts, {
        caseId: c.id, partyPersonId: ev.partyPersonId, contactPointId: point.id, channel: step.channel, purpose: step.purpose,
        accountIds: state.collectible, content: contentOf(template), autodialed: step.autodialed, now,
      });
      const decision = evaluateCheck(check.request, check.policy);
      for (const r of decision.results) {
        const counts = byRule.get(r.rule) ?? { defer: 0, block: 0 };
        counts[r.outcome]++;
        byRule.set(r.rule, counts);
      }
      if (decision.decision === "allow") {
        decisions.allow++;
        steps.allowed++;
        historyAt.push(ev.at);
        history.push({ at: now.toISOString(), channel: step.channel as HistoryEntry["channel"], direction: "outbound", party: { role: check.partyRole, id: ev.partyPersonId!, address: point.value }, debtIds: check.request.debtIds, outcome: historyOutcome(step.channel as HistoryEntry["channel"], null, THIRD.has(check.partyRole) ? check.partyRole : "consumer") });
        const day = now.toISOString().slice(0, 10);
        const counts = perDay.get(day) ?? {};
        counts[step.channel] = (counts[step.channel] ?? 0) + 1;
        perDay.set(day, counts);
      } else if (decision.decision === "defer" && decision.notBefore) {
        decisions.defer++;
        if ((ev.deferrals ?? 0) === 0) steps.deferredOnce++;
        if ((ev.deferrals ?? 0) >= MAX_DEFERRALS) steps.deferredAtEnd++;
        else queue.push({ ...ev, at: Math.max(Date.parse(decision.notBefore), ev.at + 60_000), deferrals: (ev.deferrals ?? 0) + 1 });
      } else {
        // A defer without an instant is a block (the gate's own rule: fail closed).
        decisions.block++;
        steps.blocked++;
      }
    }
  }

  const days: WhatIfResult["perDay"] = [];
  for (let d = 0; d < weeks * 7; d++) {
    const day = new Date(start.getTime() + d * DAY).toISOString().slice(0, 10);
    const counts = perDay.get(day) ?? {};
    days.push({ day, sms: counts.sms ?? 0, email: counts.email ?? 0, call: counts.call ?? 0, voicemail: counts.voicemail ?? 0, letter: counts.letter ?? 0 });
  }
  return {
    strategyId: strategy.id, steps, decisions,
    byRule: [...byRule.entries()].map(([rule, n]) => ({ rule, ...n })).sort((a, b) => b.defer + b.block - (a.defer + a.block) || a.rule.localeCompare(b.rule)),
    perDay: days,
  };
}
