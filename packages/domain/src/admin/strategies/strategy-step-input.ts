import { z } from "zod";
import { schema } from "@casebook/db";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time_hhmm");

/** One step of a draft, as the editor sends it (strategy_steps' columns). */
export const StrategyStepInput = z.object({
  dayOffset: z.number().int().min(-60, "strategy_offset_range").max(365, "strategy_offset_range"),
  channel: z.enum(schema.channel.enumValues),
  templateCode: z.string().trim().regex(/^[a-z0-9_]{3,60}$/, "template_code_format"),
  purpose: z.enum(schema.contactPurpose.enumValues),
  partyRole: z.enum(schema.partyRole.enumValues),
  preferredFrom: HHMM.nullable().default(null),
  preferredTo: HHMM.nullable().default(null),
  repeatEveryDays: z.number().int().min(1).max(60).nullable().default(null),
  repeatTimes: z.number().int().min(1, "strategy_repeat_range").max(120, "strategy_repeat_range").default(1),
  autodialed: z.boolean().default(false),
}).refine((x) => !x.preferredFrom || !x.preferredTo || x.preferredFrom < x.preferredTo, { message: "window_order", path: ["preferredTo"] })
  .refine((x) => x.repeatTimes === 1 || x.repeatEveryDays !== null, { message: "strategy_repeat_every", path: ["repeatEveryDays"] });
export type StrategyStepInput = z.infer<typeof StrategyStepInput>;

/** The events that may stop a stage (strategy_stages.exit.onEvents). */
export const STOP_EVENTS = ["promise_broken", "installment_missed", "promise_made", "plan_created", "paid_in_full", "dispute_opened", "hold_placed", "verification_sent", "hold_released"] as const;

/** A draft stage's entry (by DPD) and stop conditions. */
export const StrategyStageInput = z.object({
  dpdMin: z.number().int().min(-60).max(3650).nullable(),
  dpdMax: z.number().int().min(-60).max(3650).nullable(),
  stopEvents: z.array(z.enum(STOP_EVENTS)),
  dpdAbove: z.number().int().min(-60).max(3650).nullable(),
}).refine((x) => x.dpdMin === null || x.dpdMax === null || x.dpdMin <= x.dpdMax, { message: "strategy_dpd_order", path: ["dpdMax"] });
export type StrategyStageInput = z.infer<typeof StrategyStageInput>;
