"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { decidePaymentPlan } from "@casebook/domain";
import { defineAction } from "@/lib/action";

// Approve and Reject are two plain actions (issue 11), each one button; only supervisors and admins.
const PlanForm = z.object({ planId: z.uuid() });

export const approvePlanAction = defineAction({
  input: PlanForm, roles: ["supervisor", "admin"], namespace: "plans",
  run: async ({ ctx, input, t }) => {
    await decidePaymentPlan(ctx, { planId: input.planId, approve: true });
    revalidatePath("/supervisor/plans");
    return { ok: true, message: t("approved") };
  },
});

export const rejectPlanAction = defineAction({
  input: PlanForm, roles: ["supervisor", "admin"], namespace: "plans",
  run: async ({ ctx, input, t }) => {
    await decidePaymentPlan(ctx, { planId: input.planId, approve: false });
    revalidatePath("/supervisor/plans");
    return { ok: true, message: t("rejected") };
  },
});
