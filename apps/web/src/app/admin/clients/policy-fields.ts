import type { PolicyInForce } from "@casebook/domain";
import type { FieldSpec } from "@/components/action-form";

type Policy = PolicyInForce["policy"];
const pct = (bps: number) => String(bps / 100);

/**
 * The policy's fields, named by the verbs' input paths (`policy.…`) so each ValidationError lands next to
 * its field: the same form part for a new policy version (the client's page) and for version 1 (a new
 * client). `p` gives the values shown: the policy in force, or the new client's defaults.
 */
export function policyFields(t: (key: string) => string, p: Policy): FieldSpec[] {
  return [
    { name: "policy.compliance.callWindow.from", label: t("callFrom"), defaultValue: p.compliance?.callWindow?.from ?? "", placeholder: "09:00", help: t("callWindowHelp") },
    { name: "policy.compliance.callWindow.to", label: t("callTo"), defaultValue: p.compliance?.callWindow?.to ?? "", placeholder: "20:00" },
    { name: "policy.compliance.maxCallsPer7Days", label: t("maxCalls"), type: "number", defaultValue: p.compliance?.maxCallsPer7Days?.toString() ?? "", help: t("maxCallsHelp") },
    { name: "policy.settlementFloorBps", label: t("settlementFloor"), type: "number", step: "0.01", defaultValue: pct(p.settlementFloorBps) },
    { name: "policy.planMaxInstallments", label: t("planMaxInstallments"), type: "number", defaultValue: String(p.planMaxInstallments) },
    { name: "policy.planMaxMonths", label: t("planMaxMonths"), type: "number", defaultValue: String(p.planMaxMonths) },
    { name: "policy.planMinInstallmentMinor", label: t("planMinInstallment"), type: "number", defaultValue: String(p.planMinInstallmentMinor) },
    { name: "policy.promiseMaxDays", label: t("promiseMaxDays"), type: "number", defaultValue: String(p.promiseMaxDays) },
    { name: "policy.commissionBps", label: t("commission"), type: "number", step: "0.01", defaultValue: pct(p.commissionBps) },
    { name: "policy.callbackNumbers", label: t("callbacks"), type: "textarea", defaultValue: Object.entries(p.callbackNumbers).map(([r, n]) => `${r} ${n}`).join("\n"), placeholder: "default +18005550142" },
    { name: "policy.letterhead.tradingName", label: t("letterheadName"), defaultValue: p.letterhead?.tradingName ?? "", help: t("letterheadNameHelp") },
    { name: "policy.letterhead.addressLines", label: t("letterheadAddress"), type: "textarea", defaultValue: p.letterhead?.addressLines.join("\n") ?? "" },
    { name: "policy.letterhead.phone", label: t("letterheadPhone"), defaultValue: p.letterhead?.phone ?? "", placeholder: "+18005550142" },
    { name: "policy.letterhead.referenceLine", label: t("letterheadReference"), defaultValue: p.letterhead?.referenceLine ?? "" },
  ];
}
