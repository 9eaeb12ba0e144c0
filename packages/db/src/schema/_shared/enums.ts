import { pgEnum } from "drizzle-orm/pg-core";

// The vocabularies below follow docs/DOMAIN.md and docs/CHECK-CONTRACT.md word for word:
// the gate hands ledger rows to the rules engine without translation.

export const userRole = pgEnum("user_role", ["agent", "supervisor", "compliance", "admin"]);
export const locale = pgEnum("locale", ["en", "zh-CN"]);
export const ruleSetId = pgEnum("rule_set_id", ["US-FDCPA", "US-MA", "CN-CBA", "UK-CONC"]);
export const channel = pgEnum("channel", ["call", "voicemail", "sms", "email", "letter", "visit"]);
export const partyRole = pgEnum("party_role", [
  "consumer", "spouse", "guardian", "executor", "attorney", "third_party", "emergency_contact", "employer", "creditor",
]);
export const direction = pgEnum("direction", ["outbound", "inbound"]);
export const contactPurpose = pgEnum("contact_purpose", [
  "collection", "location", "cease_confirmation", "remedy_notice", "validation", "dispute_response",
  "opt_out_confirmation", "litigation",
]);
/** Ledger outcomes: the contract's words, plus `sent` (handed to a provider, no receipt yet) and
 *  `unknown` (the send outcome is not known and must be reconciled, never blindly resent). */
export const contactOutcome = pgEnum("contact_outcome", [
  "sent", "delivered", "failed", "not_connected", "no_answer", "voicemail", "conversation", "wrong_party", "refused", "unknown",
]);
export const decisionKind = pgEnum("decision_kind", ["allow", "defer", "block"]);

export const accountStatus = pgEnum("account_status", [
  "active", "promised", "on_plan", "disputed", "legal", "paid", "settled", "recalled", "closed",
]);
export const closeCode = pgEnum("close_code", ["paid_in_full", "settled", "bankrupt", "deceased", "recalled", "uncollectable"]);

export const contactPointKind = pgEnum("contact_point_kind", ["phone", "email", "address"]);
export const phoneType = pgEnum("phone_type", ["mobile", "landline", "work"]);
export const contactPointStatus = pgEnum("contact_point_status", ["valid", "wrong_number", "bounced", "disconnected"]);
export const contactSource = pgEnum("contact_source", ["client", "debtor", "skip_trace", "agent", "inbound"]);
export const relationship = pgEnum("relationship", [
  "co_signer", "guarantor", "spouse", "guardian", "executor", "emergency_contact", "reference",
]);

export const caseQueue = pgEnum("case_queue", ["standard", "legal", "supervisor_review"]);
export const caseStatus = pgEnum("case_status", ["open", "closed"]);

export const stageKind = pgEnum("stage_kind", ["pre_due", "first_reminder", "follow_up", "legal"]);
export const disclosure = pgEnum("disclosure", ["debt", "location_only", "limited_content", "none"]);
export const outreachState = pgEnum("outreach_state", [
  "planned", "deferred", "claimed", "dispatched", "delivered", "failed", "blocked", "cancelled", "reconcile",
]);
/** Why an outreach step is where it is (packages/domain/src/outreach/steps/step-lifecycle.ts owns both
 *  columns): a code, never free text. The rules behind a compliance refusal are in the stored decision
 *  (`last_decision_id`). */
export const outreachStepReason = pgEnum("outreach_step_reason", [
  // the gate
  "compliance_deferred", "compliance_blocked", "stale_decision",
  // case events and contact data
  "paused_by_promise", "paid_in_full", "account_recalled", "dispute_opened", "hold_placed", "plan_created", "stage_changed", "strategy_changed", "opted_out",
  "contact_point_invalid",
  // composing the message
  "case_missing", "person_missing", "template_missing", "template_error", "no_contact_point",
  // the channel
  "provider_unavailable", "provider_rejected", "recipient_rejected", "delivery_failed", "send_outcome_unknown",
  "claim_without_outcome", "never_reached_provider",
  // the worker gave up after its retries
  "retries_exhausted",
]);

export const promiseStatus = pgEnum("promise_status", ["pending", "kept", "broken", "cancelled"]);
export const planStatus = pgEnum("plan_status", ["pending_approval", "active", "completed", "broken", "cancelled", "rejected"]);
export const planFrequency = pgEnum("plan_frequency", ["weekly", "biweekly", "monthly"]);
export const installmentStatus = pgEnum("installment_status", ["due", "paid", "partially_paid", "missed"]);
export const paymentMethod = pgEnum("payment_method", ["card", "ach", "bank_transfer", "check", "cash", "alipay", "wechat_pay", "unionpay"]);
export const paymentStatus = pgEnum("payment_status", ["posted", "reversed"]);
export const reversalReason = pgEnum("reversal_reason", ["nsf", "returned", "chargeback", "posting_error"]);
export const disputeStatus = pgEnum("dispute_status", ["open", "verification_sent", "resolved", "withdrawn"]);
export const holdKind = pgEnum("hold_kind", ["cease", "attorney", "bankruptcy", "deceased", "hardship", "fraud", "lacks_capacity"]);
export const actorKind = pgEnum("actor_kind", ["user", "system", "api", "debtor"]);
