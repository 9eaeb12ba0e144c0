// The request and decision of docs/CHECK-CONTRACT.md as the gate builds them.
// Structurally identical to @casebook/compliance's CheckRequest/CheckDecision, so the gate never
// translates between the ledger and the engine.

export type Channel = "call" | "voicemail" | "sms" | "email" | "letter" | "visit";
export type Role = "consumer" | "spouse" | "guardian" | "executor" | "attorney" | "third_party" | "emergency_contact" | "employer" | "creditor";
export type Purpose = "collection" | "location" | "cease_confirmation" | "remedy_notice" | "validation" | "dispute_response" | "opt_out_confirmation" | "litigation";
export type HistoryOutcome = "not_connected" | "no_answer" | "voicemail" | "conversation" | "delivered" | "failed" | "refused" | "wrong_party";
export type RuleSet = "US-FDCPA" | "US-MA" | "CN-CBA" | "UK-CONC";

export interface ContentDeclaration {
  disclosesDebt: boolean;
  hasOptOut?: boolean;
  limitedContent?: boolean;
  identifiesCollector?: boolean;
  postcard?: boolean;
}

export interface HistoryEntry {
  at: string;
  channel: Channel;
  direction: "outbound" | "inbound";
  party: { role: Role; id: string; address?: string };
  debtIds: string[];
  outcome: HistoryOutcome;
}

export interface CheckRequest {
  ruleSet: RuleSet;
  now: string;
  consumer: {
    id: string;
    country: string;
    timeZones?: string[];
    locations?: Array<{ type: "address"; region?: string; postalCode?: string } | { type: "phone"; number: string }>;
    flags?: {
      cease?: boolean; attorney?: boolean; bankruptcy?: boolean; deceased?: boolean; lacksCapacity?: boolean; noWorkplaceContact?: boolean;
      /** Asked to be contacted by letter or email only (US-REGF-MEDIUM, UK-CONC-HOW, CN-WRITTEN). */
      writtenOnly?: boolean;
    };
    disputedDebtIds?: string[];
    timeBarredDebtIds?: string[];
    optOuts?: Array<{ channel: Channel; address?: string }>;
    consents?: Array<{ channel: "call" | "sms"; address: string }>;
    inconvenientWindows?: Array<{ from: string; to: string }>;
  };
  debtIds: string[];
  history: HistoryEntry[];
  proposed: {
    channel: Channel;
    party: { role: Role; id: string; address?: string; workplace?: boolean; addressType?: "personal" | "other"; requestedFollowUp?: boolean };
    purpose: Purpose;
    content?: ContentDeclaration;
    autodialed?: boolean;
  };
}

export interface CheckDecision {
  decision: "allow" | "defer" | "block";
  notBefore: string | null;
  results: Array<{ rule: string; outcome: "defer" | "block"; reason: string; notBefore?: string }>;
  timeZones: string[];
}

export const CHANNELS = ["call", "voicemail", "sms", "email", "letter", "visit"] as const;
export const PURPOSES = ["collection", "location", "cease_confirmation", "remedy_notice", "validation", "dispute_response", "opt_out_confirmation", "litigation"] as const;
