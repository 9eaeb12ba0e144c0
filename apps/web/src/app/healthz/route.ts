export const dynamic = "force-dynamic";

/** Liveness: the server process answers (nothing else is checked, so a database outage never restarts it). */
export function GET() {
  return new Response("ok\n", { headers: { "cache-control": "no-store" } });
}
