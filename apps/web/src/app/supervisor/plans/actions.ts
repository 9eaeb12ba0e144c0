"use server";
import { revalidatePath } from "next/cache";
import { requireRole } from "@casebook/auth";
import { decidePaymentPlan } from "@casebook/domain";
import type { ActionState } from "@/lib/errors";
import { runAction } from "@/lib/run-action";

export async function decidePlanAction(_: ActionState, fd: FormData): Promise<ActionState> {
  await requireRole("supervisor", "admin");
  return runAction(fd, async (ctx, v) => {
    const r = await decidePaymentPlan(ctx, { planId: v.planId!, approve: v.decision === "approve" });
    revalidatePath("/supervisor/plans");
    return { ok: true, message: r.status };
  });
}
