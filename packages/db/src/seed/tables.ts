import { TableBuffer } from "./copy-writer";

// The columns the bulk load writes, per table (snake_case, as in the migrations). Columns left out take
// their defaults (audit_events.id; created_at of the ledger tables, which is when the row was recorded:
// the seed's own time, while started_at / at / evaluated_at carry the history).
export const bulkColumns = {
  persons: ["id", "full_name", "given_name", "family_name", "date_of_birth", "country", "region", "postal_code", "time_zones", "preferred_language", "inconvenient_windows", "no_workplace_contact"],
  contact_points: ["id", "person_id", "kind", "phone_type", "value", "postal", "is_workplace", "is_personal", "is_primary", "source", "consent_call", "consent_sms", "consent_recorded_at", "status", "invalidated_at"],
  opt_outs: ["id", "person_id", "channel", "contact_point_id", "source", "created_at"],
  related_parties: ["id", "debtor_person_id", "person_id", "relationship", "relation_label", "consent_to_discuss", "refused_at"],
  cases: ["id", "client_id", "person_id", "team_id", "owner_user_id", "queue", "status", "priority_score", "priority_reason", "strategy_id", "stage", "stage_entered_at", "paused_until", "callback_at", "last_contact_at", "opened_at", "closed_at", "created_at"],
  accounts: ["id", "client_id", "placement_id", "case_id", "person_id", "original_creditor", "client_reference", "product", "currency", "principal_minor", "interest_minor", "fees_minor", "placed_balance_minor", "balance_minor", "due_date", "delinquency_date", "charge_off_date", "sol_date", "jurisdiction", "status", "close_code", "closed_at"],
  callbacks: ["id", "case_id", "due_at", "contact_point_id", "created_by", "done_at", "created_at"],
  notes: ["id", "case_id", "author_id", "body", "created_at"],
  contact_attempts: ["id", "dispatch_id", "reference_code", "case_id", "person_id", "party_person_id", "party_role", "contact_point_id", "address", "channel", "direction", "purpose", "account_ids", "autodialed", "decision_id", "template_id", "agent_user_id", "rendered_body", "started_at"],
  contact_outcomes: ["id", "attempt_id", "outcome", "source", "recorded_by", "provider_message_id", "details", "at"],
  compliance_decisions: ["id", "case_id", "person_id", "actor_user_id", "channel", "rule_set", "decision", "not_before", "results", "time_zones", "request", "evaluated_at"],
  promises: ["id", "case_id", "account_ids", "amount_minor", "currency", "due_date", "status", "contact_attempt_id", "created_by", "resolved_at", "created_at"],
  payment_plans: ["id", "case_id", "account_ids", "currency", "total_minor", "installment_count", "frequency", "status", "requires_approval", "approval_reason", "created_by", "decided_by", "decided_at", "broken_at", "created_at"],
  plan_installments: ["id", "plan_id", "seq", "due_date", "amount_minor", "paid_minor", "status", "paid_at"],
  payments: ["id", "case_id", "currency", "amount_minor", "method", "reference", "received_at", "status", "posted_by", "reversed_at", "reversal_reason", "created_at"],
  payment_allocations: ["id", "payment_id", "account_id", "amount_minor", "plan_installment_id", "promise_id"],
  disputes: ["id", "case_id", "account_id", "received_via", "reason", "status", "opened_by", "opened_at", "verification_sent_at", "resolved_at"],
  holds: ["id", "person_id", "case_id", "kind", "details", "placed_by", "placed_at", "released_at"],
  audit_events: ["at", "actor_kind", "actor_user_id", "actor_label", "action", "entity_type", "entity_id", "person_id", "case_id", "details"],
} as const;

export type BulkTable = keyof typeof bulkColumns;
export const bulkTables = Object.keys(bulkColumns) as BulkTable[];

export type Buffers = { [T in BulkTable]: TableBuffer };

export function createBuffers(): Buffers {
  return Object.fromEntries(bulkTables.map((t) => [t, new TableBuffer(t, bulkColumns[t])])) as Buffers;
}
