import { z } from "zod";
import type { Policy } from "@casebook/compliance";
import type { schema as s, DbOrTx } from "@casebook/db";
import { NotFoundError, ValidationError } from "../../errors";
import { parseInput } from "../../parse-input";
import { isClosedAccountStatus } from "../../cases/account-status";
import { CHANNELS, PURPOSES, type Channel, type CheckRequest, type HistoryEntry, type Role, type RuleSetId } from "@casebook/compliance";
import { policyFor } from "./evaluate-check";
import { historyFor } from "./ledger-window";
import { readGateFacts, type GateFacts } from "./gate-facts";

export const ContentDeclarationInput = z.object({
  disclosesDebt: z.boolean(),
  hasOptOut: z.boolean().optional(),
  limitedContent: z.boolean().optional(),
  identifiesCollector: z.boolean().optional(),
  postcard: z.boolean().optional(),
});

export const BuildCheckRequest = z.object({
  caseId: z.uuid(),
  /** Who is contacted; default: the case's debtor. */
  partyPersonId: z.uuid().optional(),
  contactPointId: z.uuid().optional(),
  channel: z.enum(CHANNELS),
  purpose: z.enum(PURPOSES),
  /** The debts the contact is about; default: the case's open accounts. */
  accountIds: z.array(z.uuid()).min(1).optional(),
  content: ContentDeclarationInput.optional(),
  autodialed: z.boolean().optional(),
  /** The third party asked to be contacted again (US-REGF-LOC). */
  requestedFollowUp: z.boolean().optional(),
  now: z.date(),
});
export type BuildCheckRequest = z.infer<typeof BuildCheckRequest>;

export interface CheckContext {
  request: CheckRequest;
  ruleSet: RuleSetId;
  /** The client's tightenings in force at the decision's time, handed to the engine as its policy. */
  policy: Policy | undefined;
  /** Which version of the client's policy that is (0: the one the client was created with). */
  policyVersion: number;
  caseRow: typeof s.cases.$inferSelect;
  client: typeof s.clients.$inferSelect;
  debtor: typeof s.persons.$inferSelect;
  partyPersonId: string;
  partyRole: Role;
  contactPoint: typeof s.contactPoints.$inferSelect | null;
  accounts: Array<typeof s.accounts.$inferSelect>;
}

const STOP_HOLDS = ["cease", "attorney", "bankruptcy", "deceased", "lacks_capacity"] as const;

/** related_parties.relationship → the contract's role. Co-signers and guarantors owe the debt too. */
const ROLE_BY_RELATIONSHIP: Record<string, Role> = {
  co_signer: "consumer",
  guarantor: "consumer",
  spouse: "spouse",
  guardian: "guardian",
  executor: "executor",
  emergency_contact: "emergency_contact",
  reference: "third_party",
};

/** US-FDCPA plus the state overlay of the account's jurisdiction (RULES.md: US-MA applies on top). */
export function ruleSetFor(base: RuleSetId, jurisdictions: string[]): RuleSetId {
  if (base === "US-FDCPA" && jurisdictions.includes("US-MA")) return "US-MA";
  return base;
}

/**
 * Everything the engine needs about one proposed contact, read inside the caller's transaction
 * (the gate calls it after locking the person, so the ledger window is the committed truth).
 */
export async function buildCheckRequest(tx: DbOrTx, rawInput: BuildCheckRequest): Promise<CheckContext> {
  const input = parseInput(BuildCheckRequest, rawInput);
  const facts = await readGateFacts(tx, {
    caseIds: [input.caseId],
    partyPersonIds: input.partyPersonId ? [input.partyPersonId] : [],
    contactPointIds: input.contactPointId ? [input.contactPointId] : [],
    now: input.now,
  });
  return assembleCheckRequest(facts, input);
}

/**
 * One contact's request, built in memory from facts read for it (or for its whole dispatch batch):
 * the same request whichever way the facts were read. Throws the gate's NotFound / Validation errors.
 */
export function assembleCheckRequest(facts: GateFacts, input: BuildCheckRequest): CheckContext {
  return assembleFromCheckFacts(checkFactsFor(facts, input), input);
}

/**
 * What the engine's request for one contact is made of: picked from the gate's set-wise facts
 * (checkFactsFor), or kept by a simulation (the strategy what-if) that grows its own history.
 */
export interface CheckFacts {
  caseRow: typeof s.cases.$inferSelect;
  client: typeof s.clients.$inferSelect;
  debtor: typeof s.persons.$inferSelect;
  caseAccounts: Array<typeof s.accounts.$inferSelect>;
  /** The contacted party's relation to the debtor (null when the debtor is contacted or none is known). */
  relation: { relationship: string; refusedAt: Date | null } | null;
  /** Contact points of the debtor and of the contacted party. */
  points: Array<typeof s.contactPoints.$inferSelect>;
  /** Kinds of the debtor's active holds on this case (or on all their cases). */
  holdKinds: string[];
  /** Accounts of the case with an open dispute. */
  disputedAccountIds: string[];
  optOuts: Array<{ personId: string; channel: Channel; contactPointId: string | null }>;
  /** The ledger window at the decision's time. */
  history: HistoryEntry[];
  /** The client's policy in force at the decision's time. */
  policyInForce: { policy: typeof s.clients.$inferSelect["policy"]; version: number };
}

/** One contact's facts out of a set read for a whole batch. Throws the gate's NotFound errors. */
export function checkFactsFor(facts: GateFacts, input: BuildCheckRequest): CheckFacts {
  const found = facts.cases.get(input.caseId);
  if (!found) throw new NotFoundError("case", input.caseId);
  const { caseRow, client, debtor } = found;
  if (!debtor) throw new NotFoundError("person", caseRow.personId);
  const partyPersonId = input.partyPersonId ?? debtor.id;
  const rel = partyPersonId === debtor.id ? undefined : facts.related.find((r) => r.debtorPersonId === debtor.id && r.personId === partyPersonId);
  const personIds = [...new Set([debtor.id, partyPersonId])];
  const inForce = facts.policies.get(client.id);
  return {
    caseRow, client, debtor,
    caseAccounts: facts.accountsByCase.get(caseRow.id) ?? [],
    relation: rel ? { relationship: rel.relationship, refusedAt: rel.refusedAt } : null,
    points: personIds.flatMap((id) => facts.pointsByPerson.get(id) ?? []),
    holdKinds: facts.holds.filter((h) => h.personId === debtor.id && (h.caseId === null || h.caseId === caseRow.id)).map((h) => h.kind),
    disputedAccountIds: facts.disputedByCase.get(caseRow.id) ?? [],
    optOuts: facts.optOuts.filter((o) => personIds.includes(o.personId)),
    history: historyFor(facts.ledger, { debtorPersonId: debtor.id, partyPersonIds: [partyPersonId] }),
    // The client's policy in force at the decision's own time (a version scheduled later changes nothing now).
    policyInForce: inForce ? { policy: inForce.policy, version: inForce.version } : { policy: client.policy, version: 0 },
  };
}

/** The engine's request for one proposed contact, from that contact's facts. Pure. */
export function assembleFromCheckFacts(facts: CheckFacts, input: BuildCheckRequest): CheckContext {
  const now = input.now;
  const { caseRow, client, debtor, caseAccounts, points } = facts;
  let accounts = caseAccounts.filter((a) => !isClosedAccountStatus(a.status));
  if (input.accountIds) {
    const wanted = new Set(input.accountIds);
    accounts = caseAccounts.filter((a) => wanted.has(a.id));
    if (accounts.length !== wanted.size) throw new ValidationError("accountIds", "account_not_in_case");
  }
  if (accounts.length === 0) throw new ValidationError("accountIds", "no_open_account");
  const debtIds = accounts.map((a) => a.id);

  const partyPersonId = input.partyPersonId ?? debtor.id;
  let partyRole: Role = "consumer";
  let relatedRefusedAt: Date | null = null;
  if (partyPersonId !== debtor.id) {
    const rel = facts.relation;
    const role = rel ? ROLE_BY_RELATIONSHIP[rel.relationship] : undefined;
    // Fail closed (RULES.md): a party with no known relation to the debtor is never contacted.
    if (!rel || !role) throw new ValidationError("partyPersonId", "party_not_related");
    partyRole = role;
    relatedRefusedAt = rel.refusedAt;
  }

  const debtorPoints = points.filter((p) => p.personId === debtor.id);
  let contactPoint: typeof s.contactPoints.$inferSelect | null = null;
  if (input.contactPointId) {
    contactPoint = points.find((p) => p.id === input.contactPointId) ?? null;
    if (!contactPoint || contactPoint.personId !== partyPersonId) throw new ValidationError("contactPointId", "contact_point_not_of_party");
  }

  const holdKinds = new Set(facts.holdKinds);
  const flags: NonNullable<CheckRequest["consumer"]["flags"]> = {};
  for (const kind of STOP_HOLDS) {
    if (holdKinds.has(kind)) flags[kind === "lacks_capacity" ? "lacksCapacity" : kind] = true;
  }
  if (debtor.noWorkplaceContact) flags.noWorkplaceContact = true;
  // A demand for writing and a refusal of calls are both writtenOnly (persons/contact-restrictions.ts):
  // US-REGF-MEDIUM, UK-CONC-HOW and CN-WRITTEN refuse calls, voicemails, texts and visits, never letters.
  if (debtor.writtenOnlySince) flags.writtenOnly = true;

  const disputes = facts.disputedAccountIds.map((accountId) => ({ accountId }));
  const today = now.toISOString().slice(0, 10);
  const timeBarred = caseAccounts.filter((a) => a.solDate !== null && a.solDate <= today).map((a) => a.id);

  const optOutRows = facts.optOuts;
  const pointValue = new Map(points.map((p) => [p.id, p.value]));
  const optOuts: NonNullable<CheckRequest["consumer"]["optOuts"]> = [];
  for (const o of optOutRows) {
    if (o.contactPointId) {
      const value = pointValue.get(o.contactPointId);
      if (value) optOuts.push({ channel: o.channel, address: value });
    } else if (o.personId === debtor.id) {
      optOuts.push({ channel: o.channel });
    } else {
      // A third party's whole-channel opt-out, expressed per address so it never silences the debtor.
      for (const p of points.filter((p) => p.personId === o.personId)) optOuts.push({ channel: o.channel, address: p.value });
    }
  }
  const consents: NonNullable<CheckRequest["consumer"]["consents"]> = [];
  for (const p of points) {
    if (p.kind !== "phone") continue;
    if (p.consentCall) consents.push({ channel: "call", address: p.value });
    if (p.consentSms) consents.push({ channel: "sms", address: p.value });
  }

  const locations: NonNullable<CheckRequest["consumer"]["locations"]> = [];
  if (debtor.region || debtor.postalCode) {
    locations.push({ type: "address", ...(debtor.region ? { region: debtor.region } : {}), ...(debtor.postalCode ? { postalCode: debtor.postalCode } : {}) });
  }
  for (const p of debtorPoints) {
    if (p.status !== "valid") continue;
    if (p.kind === "phone") locations.push({ type: "phone", number: p.value });
    if (p.kind === "address" && p.postal && (p.postal.region || p.postal.postalCode)) {
      locations.push({ type: "address", ...(p.postal.region ? { region: p.postal.region } : {}), ...(p.postal.postalCode ? { postalCode: p.postal.postalCode } : {}) });
    }
  }

  const history: HistoryEntry[] = [...facts.history];
  if (relatedRefusedAt) {
    history.push({ at: relatedRefusedAt.toISOString(), channel: "call", direction: "inbound", party: { role: partyRole, id: partyPersonId }, debtIds, outcome: "refused" });
  }

  const ruleSet = ruleSetFor(client.ruleSet, accounts.map((a) => a.jurisdiction));
  const request: CheckRequest = {
    ruleSet,
    now: now.toISOString(),
    consumer: {
      id: debtor.id,
      country: debtor.country,
      ...(debtor.timeZones.length > 0 ? { timeZones: debtor.timeZones } : {}),
      ...(locations.length > 0 ? { locations } : {}),
      flags,
      disputedDebtIds: [...new Set(disputes.map((d) => d.accountId))],
      timeBarredDebtIds: timeBarred,
      optOuts,
      consents,
      inconvenientWindows: debtor.inconvenientWindows,
    },
    debtIds,
    history,
    proposed: {
      channel: input.channel,
      party: {
        role: partyRole,
        id: partyPersonId,
        ...(contactPoint ? { address: contactPoint.value, workplace: contactPoint.isWorkplace, addressType: contactPoint.isPersonal ? ("personal" as const) : ("other" as const) } : {}),
        ...(input.requestedFollowUp ? { requestedFollowUp: true } : {}),
      },
      purpose: input.purpose,
      ...(input.content ? { content: input.content } : {}),
      ...(input.autodialed !== undefined ? { autodialed: input.autodialed } : {}),
    },
  };
  // The client's tightening in force goes into the request itself: a replay of the stored request alone
  // (the evidence room, compliance:check) decides as the gate did.
  const inForce = facts.policyInForce;
  const policy = policyFor({ code: client.code, policy: inForce.policy }, ruleSet);
  if (policy) request.policy = policy;
  return { request, ruleSet, policy, policyVersion: inForce.version, caseRow, client, debtor, partyPersonId, partyRole, contactPoint, accounts };
}
