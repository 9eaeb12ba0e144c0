import { domainContext, handleProviderWebhook, systemActor } from "@casebook/domain";
import { appInfra } from "@/lib/infra";
import { readWebhookBody } from "@/lib/read-body";
import { webhookSecret } from "./env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Thin (docs/CONVENTIONS.md): read the raw body (413 over the limit, before reading it), call ONE domain
// verb (it verifies the signature, fail closed, and applies the receipt or inbound message once per
// event id), map its answer.
export async function POST(request: Request): Promise<Response> {
  const body = await readWebhookBody(request);
  if ("refused" in body) return body.refused;
  const { rawBody } = body;
  const result = await handleProviderWebhook(
    // The wall clock, not the app's (simulated under the e2e suite): a signature's freshness is judged
    // against the provider's own timestamp, which is real time.
    domainContext({ ...appInfra(), clock: () => new Date() }, systemActor("provider-webhook")),
    {
      rawBody,
      timestamp: request.headers.get("x-timestamp"),
      signature: request.headers.get("x-signature"),
      secret: webhookSecret(),
    },
  );
  if (!result.ok) return Response.json({ error: result.reason }, { status: result.reason === "bad_signature" ? 401 : 400 });
  // 2xx also for a duplicate: the provider must stop retrying an event we already hold.
  return Response.json({ ok: true, kind: result.kind }, { status: 200 });
}
