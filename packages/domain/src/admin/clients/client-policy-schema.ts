import { z } from "zod";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time_hhmm");
const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "phone_e164");

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
  compliance: z.object({
    callWindow: z.object({ from: HHMM, to: HHMM }).refine((w) => w.from < w.to, { message: "window_order", path: ["to"] }).optional(),
    maxCallsPer7Days: z.number().int().min(1).max(7).optional(),
  }).optional(),
});
export type ClientPolicyInput = z.infer<typeof ClientPolicyInput>;
