import postgres from "postgres";
import { DATABASE_OWNER_URL } from "../e2e-env";

/** Independent SQL checks of what the app wrote (postgres.js, not the app's code), as the database's
 *  owner: the tests' own access, not the app's runtime role. */
export const sql = postgres(DATABASE_OWNER_URL, { max: 2, idle_timeout: 2, onnotice: () => {} });

/**
 * Two published versions of a strategy of its own, for a client of its own (with no cases): version 1 is
 * old and may be retired, version 2 is what new cases would get. No other spec's case is planned with
 * either, so retiring one changes nothing elsewhere.
 */
export async function makeRetirableStrategy(tag: string): Promise<{ clientId: string; v1: string; v2: string; name: string }> {
  const code = `E2E-${tag}-${Date.now() % 1_000_000}`;
  const [client] = await sql`insert into clients (code, name, country, currency, rule_set, agency_name, policy)
    values (${code}, ${`E2E ${tag}`}, 'US', 'USD', 'US-FDCPA', 'Casebook Collections',
      ${sql.json({ settlementFloorBps: 6000, planMaxInstallments: 12, planMaxMonths: 12, planMinInstallmentMinor: 2500, promiseMaxDays: 30, commissionBps: 2500, callbackNumbers: { default: "+18005550100" } })}) returning id`;
  const name = `E2E retire ${code}`;
  const rows = await sql`insert into strategies (client_id, name, version, rule_set, status, published_at, active)
    values (${client!.id as string}, ${name}, 1, 'US-FDCPA', 'published', now(), true), (${client!.id as string}, ${name}, 2, 'US-FDCPA', 'published', now(), true)
    returning id, version`;
  const of = (v: number) => rows.find((r) => r.version === v)!.id as string;
  return { clientId: client!.id as string, v1: of(1), v2: of(2), name };
}
