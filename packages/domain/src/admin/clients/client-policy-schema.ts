import { z } from "zod";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time_hhmm");
const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "phone_e164");

const LINE_MAX = 120;

/**
 * The client's letterhead (clients.ClientLetterhead). Lines are checked as a whole, so an error names the
 * form's field (`policy.letterhead.addressLines`), not one line of it. At most 4 address lines: with the
 * phone and the reference line that is the letter channel's limit of 6 lines under the name.
 */
export const ClientLetterheadInput = z.object({
  tradingName: z.string().trim().min(1, "letterhead_name_required").max(LINE_MAX, "text_too_long"),
  addressLines: z.array(z.string().trim()).transform((lines) => lines.filter((l) => l.length > 0))
    .refine((lines) => lines.length >= 1, "letterhead_address_required")
    .refine((lines) => lines.length <= 4, "letterhead_address_lines_max")
    .refine((lines) => lines.every((l) => l.length <= LINE_MAX), "letterhead_line_too_long"),
  phone: E164.optional(),
  referenceLine: z.string().trim().min(1).max(LINE_MAX, "text_too_long").optional(),
});
export type ClientLetterheadInput = z.infer<typeof ClientLetterheadInput>;

/** The editable client policy (clients.ClientPolicy). Money in minor units, rates in basis points. */
export const ClientPolicyInput = z.object({
  settlementFloorBps: z.number().int().min(0).max(10_000),
  planMaxInstallments: z.number().int().min(1).max(120),
  planMaxMonths: z.number().int().min(1).max(120),
  planMinInstallmentMinor: z.number().int().min(0),
  promiseMaxDays: z.number().int().min(1).max(365),
  paymentGraceDays: z.number().int().min(0).max(30).optional(),
  commissionBps: z.number().int().min(0).max(10_000),
  callbackNumbers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,10}$/, "region_code"), E164)
    .refine((r) => "default" in r, "callback_default_required"),
  letterhead: ClientLetterheadInput.optional(),
  compliance: z.object({
    callWindow: z.object({ from: HHMM, to: HHMM }).refine((w) => w.from < w.to, { message: "window_order", path: ["to"] }).optional(),
    maxCallsPer7Days: z.number().int().min(1).max(7).optional(),
  }).optional(),
});
export type ClientPolicyInput = z.infer<typeof ClientPolicyInput>;
