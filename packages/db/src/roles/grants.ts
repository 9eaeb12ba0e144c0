import type postgres from "postgres";

/** The trigger function of migration 0001: a table that carries it is evidence (the contact ledger,
 *  its outcomes, the compliance decisions, the audit trail). Read from the catalog rather than listed
 *  here, so a table a later migration makes append-only is covered without editing this file. */
const APPEND_ONLY_FUNCTION = "casebook_reject_append_only_change";

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The tables of `public` that refuse UPDATE, DELETE and TRUNCATE by trigger. */
export async function appendOnlyTables(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ table: string }[]>`
    select distinct c.relname as table
    from pg_trigger t
    join pg_class c on c.oid = t.tgrelid
    join pg_proc p on p.oid = t.tgfoid
    where p.proname = ${APPEND_ONLY_FUNCTION} and c.relnamespace = 'public'::regnamespace and not t.tgisinternal
    order by 1`;
  return rows.map((r) => r.table);
}

/**
 * The runtime role's grants: what the console and the worker use, and nothing else.
 * - DML on the working tables; on the append-only tables only SELECT and INSERT, so the evidence
 *   cannot be rewritten even if a trigger were gone;
 * - never TRUNCATE, REFERENCES or TRIGGER, no CREATE on any schema, no access to drizzle's
 *   migration journal; the role owns nothing, so it cannot ALTER or DISABLE TRIGGER either.
 * Run by the owner after every migration (idempotent: it revokes first, then grants).
 */
export async function applyRuntimeGrants(sql: postgres.Sql, runtimeRole: string): Promise<{ appendOnly: string[] }> {
  const role = quoteIdent(runtimeRole);
  const appendOnly = await appendOnlyTables(sql);
  await sql.begin(async (tx) => {
    await tx.unsafe(`revoke all on all tables in schema public from ${role}`);
    await tx.unsafe(`revoke all on all sequences in schema public from ${role}`);
    await tx.unsafe(`revoke create on schema public from public`);
    await tx.unsafe(`grant usage on schema public to ${role}`);
    await tx.unsafe(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    for (const table of appendOnly) {
      await tx.unsafe(`revoke update, delete, truncate on ${quoteIdent(table)} from ${role}`);
    }
    await tx.unsafe(`grant usage, select on all sequences in schema public to ${role}`);
  });
  return { appendOnly };
}
