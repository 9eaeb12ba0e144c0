// Next.js runs register() once when a server process starts, before it serves a request.
export async function register(): Promise<void> {
  // Node.js only: NEXT_RUNTIME is inlined by Next.js at build time, so the edge bundle drops the
  // database check below (reading it through env.ts would defeat that).
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./env");
  // Not while `next build` prerenders: no database is needed then.
  if (env.NEXT_PHASE === "phase-production-build") return;
  const { exitOnUnsafeLogin } = await import("./lib/runtime-login");
  await exitOnUnsafeLogin(env.NODE_ENV);
}
