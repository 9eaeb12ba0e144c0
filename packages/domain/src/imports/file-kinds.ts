import { PLACEMENT_FIELDS, REQUIRED_PLACEMENT_FIELDS } from "../placements/placement-record";
import { PAYMENT_FILE_FIELDS, REQUIRED_PAYMENT_FILE_FIELDS } from "../payments/payment-record";

/** The files a client sends (issue 16): placements, recalls, payments. */
export const IMPORT_KINDS = ["placement", "recall", "payment"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The fields a file of each kind may map to its columns, and those it must. The console's mapping
 *  form, the run's creation and the API's mapping check all read this one table. */
export const IMPORT_FILE_FIELDS: Record<ImportKind, { all: readonly string[]; required: readonly string[] }> = {
  placement: { all: PLACEMENT_FIELDS, required: REQUIRED_PLACEMENT_FIELDS },
  recall: { all: ["accountReference"], required: ["accountReference"] },
  payment: { all: PAYMENT_FILE_FIELDS, required: REQUIRED_PAYMENT_FILE_FIELDS },
};
