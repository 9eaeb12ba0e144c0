import { getAppDb, handleProviderWebhook, systemActor } from "@casebook/domain";
import { webhookSecret } from "./env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Thin (docs/CONVENTIONS.md): read the raw body, call ONE domain verb (it verifies the signature, fail closed,
// and applies the receipt or inbound message once per event id), map its answer.
export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  const result = await handleProviderWebhook(
    { db: getAppDb(), actor: systemActor("provider-webhook"), now: new Date() },
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
