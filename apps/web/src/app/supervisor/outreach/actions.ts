"use server";
import { revalidatePath } from "next/cache";
import { RetryFailedJob, retryFailedJob } from "@casebook/domain";
import { defineAction } from "@/lib/action";
import { webProducer } from "@/lib/queues";

/** Retry one failed job through BullMQ (audited by the verb). */
export const retryJobAction = defineAction({
  input: RetryFailedJob, roles: ["supervisor", "admin"], namespace: "outreach",
  run: async ({ ctx, input, t }) => {
    await retryFailedJob(ctx, webProducer(), input);
    revalidatePath("/supervisor/outreach");
    return { ok: true, message: t("retried") };
  },
});
