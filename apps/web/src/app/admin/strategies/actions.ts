"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  addStrategyStep, cancelStrategyMigration, createStrategyDraft, publishStrategy, removeStrategyStep, retireStrategyVersion, scheduleStrategyMigration, STOP_EVENTS,
  updateStrategyStage, updateStrategyStep, type StrategyStepInput,
} from "@casebook/domain";
import { checkbox, defineAction, optionalText, text } from "@/lib/action";

// Thin actions over the strategy editor's verbs: the wrapper checks the role, each verb checks it again
// (requireAdmin) and refuses a published version (so does the database).
const admin = { roles: ["admin" as const], namespace: "adminConsole.strategies" };

/** A number field: empty is "not set" (null); anything else must parse (the verb's schema says the range). */
const optionalInt = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : null), z.number().nullable());
const int = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : undefined), z.number({ message: "required" }));

// The step form's fields are named by the verb's input paths ("step.dayOffset"), so each error lands next to its field.
const stepFields = {
  "step.dayOffset": int, "step.channel": text, "step.templateCode": text, "step.purpose": text, "step.partyRole": text,
  "step.preferredFrom": optionalText, "step.preferredTo": optionalText, "step.repeatEveryDays": optionalInt, "step.repeatTimes": optionalInt,
  "step.autodialed": checkbox,
};
const StepForm = z.object(stepFields);
type StepForm = z.output<typeof StepForm>;

function stepOf(v: StepForm): StrategyStepInput {
  return {
    dayOffset: v["step.dayOffset"], channel: v["step.channel"] as StrategyStepInput["channel"], templateCode: v["step.templateCode"],
    purpose: v["step.purpose"] as StrategyStepInput["purpose"], partyRole: v["step.partyRole"] as StrategyStepInput["partyRole"],
    preferredFrom: v["step.preferredFrom"] ?? null, preferredTo: v["step.preferredTo"] ?? null,
    repeatEveryDays: v["step.repeatEveryDays"], repeatTimes: v["step.repeatTimes"] ?? 1, autodialed: v["step.autodialed"],
  };
}

export const createDraftAction = defineAction({
  ...admin,
  input: z.object({ fromStrategyId: text }),
  run: async ({ ctx, input }) => {
    const r = await createStrategyDraft(ctx, input);
    revalidatePath("/admin/strategies");
    redirect(`/admin/strategies/${r.strategyId}`);
  },
});

export const updateStepAction = defineAction({
  ...admin,
  input: StepForm.extend({ strategyId: text, stepId: text }),
  run: async ({ ctx, input, t }) => {
    await updateStrategyStep(ctx, { stepId: input.stepId, step: stepOf(input) });
    revalidatePath(`/admin/strategies/${input.strategyId}`);
    return { ok: true, message: t("stepSaved") };
  },
});

export const addStepAction = defineAction({
  ...admin,
  input: StepForm.extend({ strategyId: text, stageId: text }),
  run: async ({ ctx, input, t }) => {
    await addStrategyStep(ctx, { stageId: input.stageId, step: stepOf(input) });
    revalidatePath(`/admin/strategies/${input.strategyId}`);
    return { ok: true, message: t("stepAdded") };
  },
});

export const removeStepAction = defineAction({
  ...admin,
  input: z.object({ strategyId: text, stepId: text }),
  run: async ({ ctx, input, t }) => {
    await removeStrategyStep(ctx, { stepId: input.stepId });
    revalidatePath(`/admin/strategies/${input.strategyId}`);
    return { ok: true, message: t("stepRemoved") };
  },
});

export const updateStageAction = defineAction({
  ...admin,
  input: z.object({
    strategyId: text, stageId: text, "stage.dpdMin": optionalInt, "stage.dpdMax": optionalInt, "stage.dpdAbove": optionalInt,
    ...Object.fromEntries(STOP_EVENTS.map((e) => [`stop.${e}`, checkbox])),
  }),
  run: async ({ ctx, input, t }) => {
    const ticked = input as unknown as Record<string, boolean>;
    await updateStrategyStage(ctx, { stageId: input.stageId, stage: {
      dpdMin: input["stage.dpdMin"], dpdMax: input["stage.dpdMax"], dpdAbove: input["stage.dpdAbove"], stopEvents: STOP_EVENTS.filter((e) => ticked[`stop.${e}`]),
    } });
    revalidatePath(`/admin/strategies/${input.strategyId}`);
    return { ok: true, message: t("stageSaved") };
  },
});

export const publishAction = defineAction({
  ...admin,
  input: z.object({ strategyId: text }),
  run: async ({ ctx, input, t }) => {
    const r = await publishStrategy(ctx, input);
    revalidatePath("/admin/strategies");
    revalidatePath(`/admin/strategies/${input.strategyId}`);
    return { ok: true, message: t("published", { version: r.version }) };
  },
});

export const scheduleMigrationAction = defineAction({
  ...admin,
  input: z.object({ toStrategyId: text, fromStrategyId: text, effectiveAt: optionalText }),
  run: async ({ ctx, input, t }) => {
    await scheduleStrategyMigration(ctx, {
      fromStrategyId: input.fromStrategyId, toStrategyId: input.toStrategyId,
      // datetime-local gives "YYYY-MM-DDTHH:MM" without a zone: the form says it is UTC.
      ...(input.effectiveAt ? { effectiveAt: new Date(`${input.effectiveAt}Z`) } : {}),
    });
    revalidatePath(`/admin/strategies/${input.toStrategyId}`);
    return { ok: true, message: t("migrationScheduled") };
  },
});

export const cancelMigrationAction = defineAction({
  ...admin,
  input: z.object({ strategyId: text, migrationId: text }),
  run: async ({ ctx, input, t }) => {
    await cancelStrategyMigration(ctx, { migrationId: input.migrationId });
    revalidatePath(`/admin/strategies/${input.strategyId}`);
    return { ok: true, message: t("migrationCancelled") };
  },
});

export const retireVersionAction = defineAction({
  ...admin,
  input: z.object({ strategyId: text }),
  run: async ({ ctx, input, t }) => {
    const r = await retireStrategyVersion(ctx, { strategyId: input.strategyId });
    revalidatePath("/admin/strategies");
    revalidatePath(`/admin/strategies/${input.strategyId}`);
    return { ok: true, message: t("retired", { version: r.version, cases: r.openCases }) };
  },
});
