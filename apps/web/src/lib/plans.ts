import type { ApprovalReason } from "@casebook/domain";
import { formatMoney } from "./format";
import type { Translate } from "./errors";

/** A plan's reason for approval as a sentence in the reader's language (never "installments>12"). */
export function approvalReasonText(r: ApprovalReason, t: Translate, currency: string, locale: string): string {
  switch (r.code) {
    case "installments": return t("approvalReasons.installments", { limit: r.limit });
    case "months": return t("approvalReasons.months", { limit: r.limit });
    case "installment_min": return t("approvalReasons.installment_min", { limit: formatMoney(r.limit, currency, locale) });
    case "settlement_floor": return t("approvalReasons.settlement_floor", { percent: r.limitBps / 100 });
  }
}
