import { applyPaymentCallback, domainContext, systemActor } from "@casebook/domain";
import { appInfra } from "@/lib/infra";
import { readWebhookBody } from "@/lib/read-body";
import { webhookSecret } from "../provider/env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Thin: the raw body (413 over the limit), ONE domain verb (it verifies the HMAC, fail closed, and posts
// the payment once per intent into the agents' ledger), its answer mapped.
export async function POST(request: Request): Promise<Response> {
  const body = await readWebhookBody(request);
  if ("refused" in body) return body.refused;
  const { rawBody } = body;
  const result = await applyPaymentCallback(domainContext(appInfra(), systemActor("payment-webhook")), {
    rawBody, timestamp: request.headers.get("x-timestamp"), signature: request.headers.get("x-signature"), secret: webhookSecret() ?? "",
    // The provider's timestamp is real time, whatever the app's (simulated under e2e) clock says.
    signatureNow: new Date(),
  });
  if (!result.ok) return Response.json({ error: result.reason }, { status: result.reason === "bad_signature" ? 401 : 400 });
  return Response.json({ ok: true, duplicate: result.duplicate, status: result.status }, { status: 200 });
}
