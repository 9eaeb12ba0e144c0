import { LINT_CODES } from "@casebook/compliance/template-lint";
import { schema } from "@casebook/db";
import { BUCKETS } from "./cases/buckets";
import { PRIORITY_REASONS } from "./cases/reprioritise-cases";
import { STOP_EVENTS } from "./admin/strategies/strategy-step-input";

/**
 * Every coded word a console screen may show, by the message namespace that translates it. The web's
 * test walks this list and fails when a value has no sentence in `en` or `zh-CN`, so a new enum value
 * cannot reach a screen raw.
 */
export const SCREEN_VOCABULARY: Record<string, readonly string[]> = {
  "queue.statuses": schema.accountStatus.enumValues,
  "queue.reasons": PRIORITY_REASONS,
  "queue.buckets": BUCKETS,
  "case.holdKinds": schema.holdKind.enumValues,
  "case.channels": schema.channel.enumValues,
  "case.outcomes": [...schema.contactOutcome.enumValues, "pending"],
  "case.partyRoles": schema.partyRole.enumValues,
  "case.purposes": schema.contactPurpose.enumValues,
  "case.promiseStatuses": schema.promiseStatus.enumValues,
  "case.planStatuses": schema.planStatus.enumValues,
  "case.paymentStatuses": schema.paymentStatus.enumValues,
  "case.disputeStatuses": schema.disputeStatus.enumValues,
  "case.relationships": schema.relationship.enumValues,
  "case.decisions": schema.decisionKind.enumValues,
  "case.ruleSets": schema.ruleSetId.enumValues,
  "case.kinds": schema.contactPointKind.enumValues,
  "case.phoneTypes": schema.phoneType.enumValues,
  "case.writtenOnly": ["written_demand", "refused_calls"],
  "case.inForceKinds": ["window", "calls_per_week", "calls_per_number_day", "conversations_per_day"],
  "case.sources": ["rule_set", "client_policy"],
  "actions.methods": schema.paymentMethod.enumValues,
  "actions.frequencies": schema.planFrequency.enumValues,
  "actions.statuses": schema.contactPointStatus.enumValues,
  "actions.grounds": ["existence", "amount", "identity", "other"],
  "actions.restrictionOptions": ["written_demand", "refused_calls", "no_workplace_contact"],
  "actions.approvalReasons": ["installments", "months", "installment_min", "settlement_floor"],
  roles: schema.userRole.enumValues,
  "adminConsole.templates.disclosures": schema.disclosure.enumValues,
  "adminConsole.templates.lint": LINT_CODES,
  "adminConsole.strategies.stageKinds": schema.stageKind.enumValues,
  "adminConsole.strategies.events": STOP_EVENTS,
  "adminConsole.strategies.decisions": ["allow", "defer", "block", "no_template", "no_contact_point"],
};
