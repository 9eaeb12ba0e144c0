import { sql } from "drizzle-orm";
import type { DbOrTx } from "@casebook/db";
import type { Channel, HistoryEntry, Outcome, Role } from "@casebook/compliance";
import { uuidArray } from "../../cases/sql-values";

/** The engine counts 7 local days (+ time-zone slack) and CN's "3 days"; 30 days covers US-MA's
 *  30-day rule for other numbers. Older contacts change no decision. */
export const LEDGER_WINDOW_DAYS = 30;

const THIRD_PARTY: ReadonlySet<Role> = new Set(["third_party", "emergency_contact", "employer"]);

type LedgerOutcome = "sent" | "delivered" | "failed" | "not_connected" | "no_answer" | "voicemail" | "conversation" | "wrong_party" | "refused" | "unknown";

/**
 * Ledger outcomes → the contract's words. Fail closed: a claimed attempt without a known result
 * (no outcome yet, `sent`, `unknown`) is counted as a placed call (`no_answer`: counted for
 * 7-in-7, spaced by PATTERN), never as "not connected". An automated call the provider delivered
 * is counted like a voicemail (placed, no conversation).
 */
export function historyOutcome(channel: Channel, outcome: LedgerOutcome | null, role: Role = "consumer"): Outcome {
  const voice = channel === "call" || channel === "voicemail";
  switch (outcome) {
    case null:
    case "sent":
    case "unknown":
      // A third party's unanswered-or-unknown location call may still have reached them: counted as
      // having asked them (`delivered`), so "once per third party" (US-REGF-LOC, and CN-3P-ONCE, which
      // counts only conversation or delivered) holds before any receipt arrives.
      if (voice && THIRD_PARTY.has(role)) return "delivered";
      return voice ? "no_answer" : "delivered";
    case "delivered":
      // A delivered automated call to the debtor counts like a voicemail (7-in-7); to a third party it
      // passed the message on (CN-3P-ONCE).
      return voice && !THIRD_PARTY.has(role) ? "voicemail" : "delivered";
    case "failed":
      return voice ? "not_connected" : "failed";
    default:
      return outcome;
  }
}

/** One ledger attempt of a window, as read (or, for a claim the batch just decided, as it will read). */
export interface LedgerRow extends Record<string, unknown> {
  started_at: Date | string;
  channel: Channel;
  direction: "outbound" | "inbound";
  party_role: Role;
  person_id: string;
  party_person_id: string;
  address: string | null;
  account_ids: string[] | string;
  outcome: LedgerOutcome | null;
}

function parseUuidArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
}

/** Every attempt of the last 30 days about any of these debtors or to any of these parties, with its
 *  latest outcome: one statement for a whole dispatch batch (historyFor picks each step's window). */
export async function readLedgerRows(tx: DbOrTx, input: { debtorPersonIds: readonly string[]; partyPersonIds: readonly string[]; now: Date }): Promise<LedgerRow[]> {
  const since = new Date(input.now.getTime() - LEDGER_WINDOW_DAYS * 86_400_000);
  const debtors = [...new Set(input.debtorPersonIds)];
  const parties = [...new Set([...debtors, ...input.partyPersonIds])];
  const rows = await tx.execute<LedgerRow>(sql`
    select a.started_at, a.channel, a.direction, a.party_role, a.person_id, a.party_person_id, a.address, a.account_ids,
           (select o.outcome from contact_outcomes o where o.attempt_id = a.id order by o.at desc, o.created_at desc limit 1) as outcome
      from contact_attempts a
     where a.started_at >= ${since.toISOString()}::timestamptz
       and (a.person_id = any(${uuidArray(debtors)}::uuid[]) or a.party_person_id = any(${uuidArray(parties)}::uuid[]))
     order by a.started_at`);
  return [...rows];
}

/** One contact's window out of a batch's rows: attempts about the debtor or to the debtor or the party. */
export function historyFor(rows: readonly LedgerRow[], input: { debtorPersonId: string; partyPersonIds: readonly string[] }): HistoryEntry[] {
  const parties = new Set([input.debtorPersonId, ...input.partyPersonIds]);
  return rows
    .filter((r) => r.person_id === input.debtorPersonId || parties.has(r.party_person_id))
    .map((r) => ({
      at: new Date(r.started_at).toISOString(),
      channel: r.channel,
      direction: r.direction,
      party: { role: r.party_role, id: r.party_person_id, ...(r.address ? { address: r.address } : {}) },
      debtIds: parseUuidArray(r.account_ids),
      outcome: historyOutcome(r.channel, r.outcome, r.party_role),
    }));
}
