import { sql } from "drizzle-orm";
import type { DbOrTx } from "@casebook/db";
import type { Channel, HistoryEntry, Outcome, Role } from "@casebook/compliance";

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

interface Row extends Record<string, unknown> {
  started_at: Date | string;
  channel: Channel;
  direction: "outbound" | "inbound";
  party_role: Role;
  party_person_id: string;
  address: string | null;
  account_ids: string[] | string;
  outcome: LedgerOutcome | null;
}

function parseUuidArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
}

/** Every attempt of the last 30 days about the debtor or to any of the given parties, with its latest outcome. */
export async function readLedgerWindow(tx: DbOrTx, input: { debtorPersonId: string; partyPersonIds: string[]; now: Date }): Promise<HistoryEntry[]> {
  const since = new Date(input.now.getTime() - LEDGER_WINDOW_DAYS * 86_400_000);
  const parties = [...new Set([input.debtorPersonId, ...input.partyPersonIds])];
  const partyList = sql.join(parties.map((id) => sql`${id}::uuid`), sql`, `);
  const rows = await tx.execute<Row>(sql`
    select a.started_at, a.channel, a.direction, a.party_role, a.party_person_id, a.address, a.account_ids,
           (select o.outcome from contact_outcomes o where o.attempt_id = a.id order by o.at desc, o.created_at desc limit 1) as outcome
      from contact_attempts a
     where a.started_at >= ${since.toISOString()}::timestamptz
       and (a.person_id = ${input.debtorPersonId}::uuid or a.party_person_id in (${partyList}))
     order by a.started_at`);
  return rows.map((r) => {
    const entry: HistoryEntry = {
      at: new Date(r.started_at).toISOString(),
      channel: r.channel,
      direction: r.direction,
      party: { role: r.party_role, id: r.party_person_id, ...(r.address ? { address: r.address } : {}) },
      debtIds: parseUuidArray(r.account_ids),
      outcome: historyOutcome(r.channel, r.outcome, r.party_role),
    };
    return entry;
  });
}
