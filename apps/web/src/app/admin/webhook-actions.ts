"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createWebhookEndpoint, redeliverWebhook } from "@casebook/domain";
import { enqueueWebhookDeliveries } from "@casebook/jobs";
import { defineAction, text } from "@/lib/action";
import { appProducer } from "@/lib/infra";

// Events out (issue 16): a client's webhook endpoint, and a delivery sent again from the log.
const admin = { roles: ["admin" as const], namespace: "adminConsole" };

export const createWebhookEndpointAction = defineAction({
  ...admin,
  input: z.object({ clientId: text, url: text }),
  run: async ({ ctx, input, t }) => {
    const r = await createWebhookEndpoint(ctx, { clientId: input.clientId, url: input.url });
    revalidatePath(`/admin/clients/${input.clientId}`);
    return { ok: true, message: t("webhooks.endpointCreated"), result: r.secret };
  },
});

export const redeliverWebhookAction = defineAction({
  ...admin,
  input: z.object({ deliveryId: text, clientId: text }),
  run: async ({ ctx, input, t }) => {
    const ref = await redeliverWebhook(ctx, { deliveryId: input.deliveryId });
    // After the commit: a failed enqueue leaves the delivery pending, and the relay's sweep of stuck
    // deliveries queues it again.
    await enqueueWebhookDeliveries(appProducer(), [ref]);
    revalidatePath(`/admin/clients/${input.clientId}`);
    return { ok: true, message: t("webhooks.redelivered") };
  },
});
