/** A provider webhook is a small JSON receipt; 64 KB is far above any real one. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super("request body too large");
  }
}

/**
 * Reads a request body as text, refusing one over `limit` bytes: a declared Content-Length over the
 * limit before a byte is read, and a chunked body as soon as it passes the limit (the stream is
 * cancelled), so an oversized post never costs more than `limit` bytes of memory.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > limit)) throw new BodyTooLargeError();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A webhook route's first step: its raw body, or the 413 answer to send when it is over the limit. */
export async function readWebhookBody(request: Request): Promise<{ rawBody: string } | { refused: Response }> {
  try {
    return { rawBody: await readBodyWithin(request, WEBHOOK_BODY_LIMIT) };
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { refused: Response.json({ error: "payload_too_large" }, { status: 413 }) };
    throw error;
  }
}
