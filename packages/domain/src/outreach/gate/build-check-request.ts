import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Policy } from "@casebook/compliance";
import { schema as s, type DbOrTx } from "@casebook/db";
import { NotFoundError, ValidationError } from "../../errors";
import { parseInput } from "../../parse-input";
import { readPolicyInForce } from "../../clients/policy-in-force";
import { isClosedAccountStatus } from "../../cases/account-status";
import { CHANNELS, PURPOSES, type Channel, type CheckRequest, type HistoryEntry, type Role, type RuleSetId } from "@casebook/compliance";
import { policyFor } from "./evaluate-check";
import { readLedgerWindow } from "./ledger-window";

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
/** Rows a caller already read (dispatchStep): static facts, safe to read before the lock; everything a
 *  rule counts or stops on (holds, disputes, opt-outs, the ledger) is still read here, after it. */
export interface PreloadedFacts {
  caseRow: typeof s.cases.$inferSelect;
  client: typeof s.clients.$inferSelect;
  debtor: typeof s.persons.$inferSelect;
  caseAccounts: Array<typeof s.accounts.$inferSelect>;
}

export async function buildCheckRequest(tx: DbOrTx, rawInput: BuildCheckRequest, preloaded?: PreloadedFacts): Promise<CheckContext> {
  const input = parseInput(BuildCheckRequest, rawInput);
  const now = input.now;
  const caseRow = preloaded?.caseRow ?? (await tx.query.cases.findFirst({ where: eq(s.cases.id, input.caseId) }));
  if (!caseRow || caseRow.id !== input.caseId) throw new NotFoundError("case", input.caseId);
  const client = preloaded?.client ?? (await tx.query.clients.findFirst({ where: eq(s.clients.id, caseRow.clientId) }));
  if (!client) throw new NotFoundError("client", caseRow.clientId);
  const debtor = preloaded?.debtor ?? (await tx.query.persons.findFirst({ where: eq(s.persons.id, caseRow.personId) }));
  if (!debtor) throw new NotFoundError("person", caseRow.personId);

  const caseAccounts = preloaded?.caseAccounts ?? (await tx.select().from(s.accounts).where(eq(s.accounts.caseId, caseRow.id)));
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
    const rel = await tx.query.relatedParties.findFirst({
      where: and(eq(s.relatedParties.debtorPersonId, debtor.id), eq(s.relatedParties.personId, partyPersonId)),
    });
    const role = rel ? ROLE_BY_RELATIONSHIP[rel.relationship] : undefined;
    // Fail closed (RULES.md): a party with no known relation to the debtor is never contacted.
    if (!rel || !role) throw new ValidationError("partyPersonId", "party_not_related");
    partyRole = role;
    relatedRefusedAt = rel.refusedAt;
  }

  const personIds = [...new Set([debtor.id, partyPersonId])];
  const points = await tx.select().from(s.contactPoints).where(inArray(s.contactPoints.personId, personIds));
  const debtorPoints = points.filter((p) => p.personId === debtor.id);
  let contactPoint: typeof s.contactPoints.$inferSelect | null = null;
  if (input.contactPointId) {
    contactPoint = points.find((p) => p.id === input.contactPointId) ?? null;
    if (!contactPoint || contactPoint.personId !== partyPersonId) throw new ValidationError("contactPointId", "contact_point_not_of_party");
  }

  // Holds, open disputes and opt-outs in one round trip: read after the caller's person lock.
  const personList = sql.join(personIds.map((id) => sql`${id}::uuid`), sql`, `);
  const [side] = await tx.execute<{ holds: string[] | null; disputed: string[] | null; opt_outs: Array<{ personId: string; channel: Channel; contactPointId: string | null }> | null }>(sql`
    select
      (select array_agg(h.kind::text) from holds h
        where h.person_id = ${debtor.id}::uuid and h.released_at is null and (h.case_id is null or h.case_id = ${caseRow.id}::uuid)) as holds,
      (select array_agg(d.account_id::text) from disputes d where d.case_id = ${caseRow.id}::uuid and d.status = 'open') as disputed,
      (select json_agg(json_build_object('personId', o.person_id, 'channel', o.channel, 'contactPointId', o.contact_point_id)) from opt_outs o
        where o.person_id in (${personList}) and o.revoked_at is null) as opt_outs`);
  const holdKinds = new Set(side?.holds ?? []);
  const flags: NonNullable<CheckRequest["consumer"]["flags"]> = {};
  for (const kind of STOP_HOLDS) {
    if (holdKinds.has(kind)) flags[kind === "lacks_capacity" ? "lacksCapacity" : kind] = true;
  }
  if (debtor.noWorkplaceContact) flags.noWorkplaceContact = true;
  // A demand for writing and a refusal of calls are both writtenOnly (persons/contact-restrictions.ts):
  // US-REGF-MEDIUM, UK-CONC-HOW and CN-WRITTEN refuse calls, voicemails, texts and visits, never letters.
  if (debtor.writtenOnlySince) flags.writtenOnly = true;

  const disputes = (side?.disputed ?? []).map((accountId) => ({ accountId }));
  const today = now.toISOString().slice(0, 10);
  const timeBarred = caseAccounts.filter((a) => a.solDate !== null && a.solDate <= today).map((a) => a.id);

  const optOutRows = side?.opt_outs ?? [];
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

  const history: HistoryEntry[] = await readLedgerWindow(tx, { debtorPersonId: debtor.id, partyPersonIds: [partyPersonId], now });
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
  // The client's policy in force at the decision's own time (a version scheduled later changes nothing now).
  const inForce = await readPolicyInForce(tx, client, now);
  return { request, ruleSet, policy: policyFor({ code: client.code, policy: inForce.policy }, ruleSet), policyVersion: inForce.version, caseRow, client, debtor, partyPersonId, partyRole, contactPoint, accounts };
}
