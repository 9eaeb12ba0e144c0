import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError } from "../errors";
import { readPolicyInForce } from "../clients/policy-in-force";
import { maskContactPoint } from "../persons/mask";
import { bucketOf, daysPastDue, type Bucket } from "./buckets";
import { loadCaseForActor } from "./case-access";
import { zoneOf } from "./dates";

const s = schema;

export interface ContactPointView {
  id: string;
  kind: "phone" | "email" | "address";
  phoneType: "mobile" | "landline" | "work" | null;
  masked: string;
  isWorkplace: boolean;
  isPrimary: boolean;
  status: string;
  source: string;
  consentCall: boolean;
  consentSms: boolean;
  optedOut: string[];
}

export interface AccountView {
  id: string;
  clientReference: string;
  originalCreditor: string;
  product: string;
  currency: string;
  principalMinor: number;
  balanceMinor: number;
  placedBalanceMinor: number;
  dueDate: string;
  dpd: number;
  bucket: Bucket;
  status: string;
  jurisdiction: string;
  solDate: string | null;
}

export interface RelatedPartyView {
  id: string;
  personId: string;
  name: string;
  relationship: string;
  relationLabel: string | null;
  /** Emergency contacts and references: location only, never the debt (US-REGF-3P, CN-3P-CONTACTS). */
  thirdParty: boolean;
  /** Co-signers and guarantors owe too; spouse, guardian and executor count as the consumer (US). */
  countsAsConsumer: boolean;
  refused: boolean;
  /** A script for this party is in their language, not the agent's. */
  preferredLanguage: "en" | "zh-CN";
  contactPoints: ContactPointView[];
}

export type TimelineEntry =
  | { kind: "contact"; at: Date; id: string; channel: string; direction: string; partyRole: string; purpose: string; outcome: string | null; agent: string | null; referenceCode: string; address: string | null }
  | { kind: "decision"; at: Date; id: string; channel: string; decision: string; rules: string[] }
  | { kind: "payment"; at: Date; id: string; amountMinor: number; currency: string; method: string; status: string }
  | { kind: "promise"; at: Date; id: string; amountMinor: number; currency: string; dueDate: string; status: string; callReference: string | null }
  | { kind: "plan"; at: Date; id: string; totalMinor: number; currency: string; installmentCount: number; status: string }
  | { kind: "note"; at: Date; id: string; body: string; author: string | null }
  | { kind: "dispute"; at: Date; id: string; status: string; reason: string; ground: string | null }
  | { kind: "hold"; at: Date; id: string; holdKind: string; released: boolean; note: string | null; releaseReason: string | null }
  | { kind: "callback"; at: Date; id: string; dueAt: Date; done: boolean };

const CONSUMER_LIKE = new Set(["spouse", "guardian", "executor", "co_signer", "guarantor"]);

/** Everything the case screen shows. Opening it is a view of personal data: it writes `case.view`. */
export async function getCaseView(ctx: DomainContext, caseId: string) {
  const c = await loadCaseForActor(ctx.db, ctx.actor, caseId);
  const db = ctx.db;
  const [person] = await db.select().from(s.persons).where(eq(s.persons.id, c.personId));
  const [client] = await db.select().from(s.clients).where(eq(s.clients.id, c.clientId));
  if (!person || !client) throw new NotFoundError("case", caseId);
  const zone = zoneOf(person);

  const [accounts, cps, optOuts, related, holds, disputes, promises, plans, payments, notes, callbacks, attempts, decisions, owner] = await Promise.all([
    db.select().from(s.accounts).where(eq(s.accounts.caseId, c.id)).orderBy(s.accounts.dueDate),
    db.select().from(s.contactPoints).where(eq(s.contactPoints.personId, person.id)).orderBy(desc(s.contactPoints.isPrimary), s.contactPoints.kind),
    db.select().from(s.optOuts).where(and(eq(s.optOuts.personId, person.id), isNull(s.optOuts.revokedAt))),
    db.select({ rp: s.relatedParties, name: s.persons.fullName, language: s.persons.preferredLanguage }).from(s.relatedParties)
      .innerJoin(s.persons, eq(s.persons.id, s.relatedParties.personId)).where(eq(s.relatedParties.debtorPersonId, person.id)),
    db.select().from(s.holds).where(eq(s.holds.personId, person.id)).orderBy(desc(s.holds.placedAt)),
    db.select().from(s.disputes).where(eq(s.disputes.caseId, c.id)).orderBy(desc(s.disputes.openedAt)),
    db.select().from(s.promises).where(eq(s.promises.caseId, c.id)).orderBy(desc(s.promises.createdAt)),
    db.select().from(s.paymentPlans).where(eq(s.paymentPlans.caseId, c.id)).orderBy(desc(s.paymentPlans.createdAt)),
    db.select().from(s.payments).where(eq(s.payments.caseId, c.id)).orderBy(desc(s.payments.receivedAt)),
    db.select({ n: s.notes, author: s.users.name }).from(s.notes).leftJoin(s.users, eq(s.users.id, s.notes.authorId))
      .where(eq(s.notes.caseId, c.id)).orderBy(desc(s.notes.createdAt)).limit(200),
    db.select().from(s.callbacks).where(eq(s.callbacks.caseId, c.id)).orderBy(desc(s.callbacks.dueAt)).limit(50),
    db.select({ a: s.contactAttempts, agent: s.users.name }).from(s.contactAttempts).leftJoin(s.users, eq(s.users.id, s.contactAttempts.agentUserId))
      .where(eq(s.contactAttempts.caseId, c.id)).orderBy(desc(s.contactAttempts.startedAt)).limit(200),
    db.select().from(s.complianceDecisions).where(eq(s.complianceDecisions.caseId, c.id)).orderBy(desc(s.complianceDecisions.evaluatedAt)).limit(100),
    c.ownerUserId ? db.select({ name: s.users.name }).from(s.users).where(eq(s.users.id, c.ownerUserId)) : Promise.resolve([]),
  ]);

  const relatedIds = related.map((r) => r.rp.personId);
  const relatedCps = relatedIds.length ? await db.select().from(s.contactPoints).where(inArray(s.contactPoints.personId, relatedIds)) : [];
  const attemptIds = attempts.map((a) => a.a.id);
  const outcomes = attemptIds.length
    ? await db.select().from(s.contactOutcomes).where(inArray(s.contactOutcomes.attemptId, attemptIds)).orderBy(s.contactOutcomes.at)
    : [];
  const latestOutcome = new Map<string, string>();
  for (const o of outcomes) latestOutcome.set(o.attemptId, o.outcome);

  const cpView = (cp: typeof s.contactPoints.$inferSelect): ContactPointView => ({
    id: cp.id, kind: cp.kind, phoneType: cp.phoneType, masked: maskContactPoint(cp), isWorkplace: cp.isWorkplace,
    isPrimary: cp.isPrimary, status: cp.status, source: cp.source, consentCall: cp.consentCall, consentSms: cp.consentSms,
    optedOut: optOuts.filter((o) => o.contactPointId === cp.id || o.contactPointId === null)
      .filter((o) => (cp.kind === "phone" ? ["call", "sms", "voicemail"] : cp.kind === "email" ? ["email"] : ["letter", "visit"]).includes(o.channel))
      .map((o) => o.channel),
  });

  const accountViews: AccountView[] = accounts.map((a) => {
    const dpd = daysPastDue(a.dueDate, ctx.now, zone);
    return {
      id: a.id, clientReference: a.clientReference, originalCreditor: a.originalCreditor, product: a.product, currency: a.currency,
      principalMinor: a.principalMinor, balanceMinor: a.balanceMinor, placedBalanceMinor: a.placedBalanceMinor, dueDate: a.dueDate,
      dpd, bucket: bucketOf(dpd), status: a.status, jurisdiction: a.jurisdiction, solDate: a.solDate,
    };
  });

  const refByAttempt = new Map(attempts.map(({ a }) => [a.id, a.referenceCode]));
  const timeline: TimelineEntry[] = [
    ...attempts.map(({ a, agent }): TimelineEntry => ({ kind: "contact", at: a.startedAt, id: a.id, channel: a.channel, direction: a.direction, partyRole: a.partyRole, purpose: a.purpose, outcome: latestOutcome.get(a.id) ?? null, agent: agent ?? null, referenceCode: a.referenceCode, address: null })),
    ...decisions.filter((d) => d.decision !== "allow").map((d): TimelineEntry => ({ kind: "decision", at: d.evaluatedAt, id: d.id, channel: d.channel, decision: d.decision, rules: d.results.map((r) => r.rule) })),
    ...payments.map((p): TimelineEntry => ({ kind: "payment", at: p.receivedAt, id: p.id, amountMinor: p.amountMinor, currency: p.currency, method: p.method, status: p.status })),
    ...promises.map((p): TimelineEntry => ({ kind: "promise", at: p.createdAt, id: p.id, amountMinor: p.amountMinor, currency: p.currency, dueDate: p.dueDate, status: p.status, callReference: p.contactAttemptId ? (refByAttempt.get(p.contactAttemptId) ?? null) : null })),
    ...plans.map((p): TimelineEntry => ({ kind: "plan", at: p.createdAt, id: p.id, totalMinor: p.totalMinor, currency: p.currency, installmentCount: p.installmentCount, status: p.status })),
    ...notes.map(({ n, author }): TimelineEntry => ({ kind: "note", at: n.createdAt, id: n.id, body: n.body, author: author ?? null })),
    ...disputes.map((d): TimelineEntry => ({ kind: "dispute", at: d.openedAt, id: d.id, status: d.status, reason: d.reason, ground: d.ground })),
    ...holds.map((h): TimelineEntry => ({ kind: "hold", at: h.placedAt, id: h.id, holdKind: h.kind, released: h.releasedAt !== null, note: h.details.note ?? null, releaseReason: h.releaseReason })),
    ...callbacks.map((cb): TimelineEntry => ({ kind: "callback", at: cb.createdAt, id: cb.id, dueAt: cb.dueAt, done: cb.doneAt !== null })),
  ].sort((x, y) => y.at.getTime() - x.at.getTime());

  await writeAudit(db, ctx.actor, { action: "case.view", entityType: "case", entityId: c.id, caseId: c.id, personId: person.id }, ctx.now);

  return {
    case: { id: c.id, status: c.status, queue: c.queue, stage: c.stage, priorityScore: c.priorityScore, priorityReason: c.priorityReason, callbackAt: c.callbackAt, pausedUntil: c.pausedUntil, teamId: c.teamId, owner: owner[0]?.name ?? null, openedAt: c.openedAt },
    client: { id: client.id, name: client.name, currency: client.currency, ruleSet: client.ruleSet, agencyName: client.agencyName, policy: (await readPolicyInForce(db, client, ctx.now)).policy },
    person: { id: person.id, fullName: person.fullName, country: person.country, region: person.region, timeZone: zone, timeZones: person.timeZones, preferredLanguage: person.preferredLanguage, noWorkplaceContact: person.noWorkplaceContact,
      writtenOnly: person.writtenOnlySince !== null, writtenOnlyReason: person.writtenOnlyReason, writtenOnlySince: person.writtenOnlySince },
    contactPoints: cps.map(cpView),
    accounts: accountViews,
    totals: { balanceMinor: accountViews.reduce((t, a) => t + a.balanceMinor, 0), currency: accountViews[0]?.currency ?? client.currency },
    related: related.map(({ rp, name, language }): RelatedPartyView => ({
      id: rp.id, personId: rp.personId, name, relationship: rp.relationship, relationLabel: rp.relationLabel,
      thirdParty: rp.relationship === "emergency_contact" || rp.relationship === "reference",
      countsAsConsumer: CONSUMER_LIKE.has(rp.relationship), refused: rp.refusedAt !== null, preferredLanguage: language,
      contactPoints: relatedCps.filter((cp) => cp.personId === rp.personId).map(cpView),
    })),
    holds: holds.map((h) => ({ id: h.id, kind: h.kind, details: h.details, note: h.details.note ?? null, placedAt: h.placedAt, active: h.releasedAt === null, releasedAt: h.releasedAt, releaseReason: h.releaseReason })),
    disputes: disputes.map((d) => ({ id: d.id, accountId: d.accountId, status: d.status, reason: d.reason, ground: d.ground, openedAt: d.openedAt })),
    promises: promises.map((p) => ({ id: p.id, amountMinor: p.amountMinor, currency: p.currency, dueDate: p.dueDate, status: p.status, contactAttemptId: p.contactAttemptId })),
    plans: plans.map((p) => ({ id: p.id, totalMinor: p.totalMinor, currency: p.currency, installmentCount: p.installmentCount, frequency: p.frequency, status: p.status, approvalReason: p.approvalReason })),
    timeline,
  };
}
export type CaseView = Awaited<ReturnType<typeof getCaseView>>;
