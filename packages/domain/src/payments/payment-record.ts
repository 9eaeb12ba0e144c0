import { isKnownCurrency, isRealDate } from "../placements/checks";
import type { FieldProblem } from "../placements/placement-record";

/** The columns of a client's payments file (issue 16, payments in), mapped like a placement file's. */
export const PAYMENT_FILE_FIELDS = ["externalReference", "accountReference", "amountMinor", "currency", "paidDate", "type"] as const;
export type PaymentFileField = (typeof PAYMENT_FILE_FIELDS)[number];
export const REQUIRED_PAYMENT_FILE_FIELDS: readonly PaymentFileField[] = ["externalReference", "accountReference", "amountMinor", "currency", "paidDate"];

export interface PaymentRecord {
  externalReference: string;
  accountReference: string;
  amountMinor: number;
  currency: string;
  paidDate: string;
  /** A payment received, or the reversal (returned payment, chargeback) of one sent before. */
  type: "payment" | "reversal";
}

/**
 * One row of a payments file, checked field by field, every problem at once (the row is quarantined
 * naming each): amounts are whole positive minor units as written (no sign, no decimal point), the
 * currency ISO 4217, the paid date a real calendar date not after `today`.
 */
export function checkPaymentRecord(today: string, values: Partial<Record<PaymentFileField, string>>): { ok: true; record: PaymentRecord } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (field: PaymentFileField) => {
    const v = values[field]?.trim() ?? "";
    if (!v) problems.push({ field, reason: "required" });
    else if (v.length > 100) problems.push({ field, reason: "text_too_long" });
    return v;
  };
  const externalReference = text("externalReference");
  const accountReference = text("accountReference");
  const amount = values.amountMinor?.trim() ?? "";
  let amountMinor = 0;
  if (!amount) problems.push({ field: "amountMinor", reason: "required" });
  else if (/^-\d+$/.test(amount)) problems.push({ field: "amountMinor", reason: "amount_negative" });
  else if (!/^\d+$/.test(amount) || !Number.isSafeInteger(Number(amount))) problems.push({ field: "amountMinor", reason: "amount_not_whole" });
  else if ((amountMinor = Number(amount)) === 0) problems.push({ field: "amountMinor", reason: "amount_not_positive" });
  const currency = values.currency?.trim().toUpperCase() ?? "";
  if (!currency) problems.push({ field: "currency", reason: "required" });
  else if (!isKnownCurrency(currency)) problems.push({ field: "currency", reason: "currency_unknown" });
  const paidDate = values.paidDate?.trim() ?? "";
  if (!paidDate) problems.push({ field: "paidDate", reason: "required" });
  else if (!isRealDate(paidDate)) problems.push({ field: "paidDate", reason: "date_invalid" });
  else if (paidDate > today) problems.push({ field: "paidDate", reason: "payment_in_future" });
  const type = (values.type?.trim().toLowerCase() || "payment");
  if (type !== "payment" && type !== "reversal") problems.push({ field: "type", reason: "invalid_option" });
  if (problems.length) return { ok: false, problems };
  return { ok: true, record: { externalReference, accountReference, amountMinor, currency, paidDate, type: type as PaymentRecord["type"] } };
}
