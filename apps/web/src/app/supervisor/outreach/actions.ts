"use server";
import { RetryFailedJob, retryFailedJob } from "@casebook/domain";
import { defineAction } from "@/lib/action";
import { appProducer } from "@/lib/infra";

/** Retry one failed job through BullMQ (audited by the verb). The page is not re-rendered: the row keeps
 *  the confirmation; a reload shows the queues as they are then. */
export const retryJobAction = defineAction({
  input: RetryFailedJob, roles: ["supervisor", "admin"], namespace: "outreach",
  run: async ({ ctx, input, t }) => {
    await retryFailedJob(ctx, appProducer(), input);
    return { ok: true, message: t("retried") };
  },
});
