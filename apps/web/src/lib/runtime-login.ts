import { runtimeLoginProblem } from "@casebook/domain";

/**
 * Issue 10 at the console's own start: in production (`next start`) it refuses a DATABASE_URL that logs
 * in as a superuser or as the tables' owner, as the worker and `./casebook start` do, so a console
 * started alone cannot run with a login that may switch the ledger's append-only triggers off.
 * Development and tests are let be. Returns the reason, or null.
 */
export async function refuseUnsafeLogin(nodeEnv: string | undefined, databaseUrl?: string): Promise<string | null> {
  if (nodeEnv !== "production") return null;
  return runtimeLoginProblem(databaseUrl);
}

/** The refusal at start (instrumentation.ts): the reason on stderr, exit code 1, nothing served. */
export async function exitOnUnsafeLogin(nodeEnv: string | undefined): Promise<void> {
  const problem = await refuseUnsafeLogin(nodeEnv).catch((error: unknown) => `DATABASE_URL: cannot check its role: ${error instanceof Error ? error.message : String(error)}`);
  if (!problem) return;
  // A refusal, not a warning: the console does not start (the worker and ./casebook start stop too).
  console.error(`[web] ${problem}`);
  process.exit(1);
}
