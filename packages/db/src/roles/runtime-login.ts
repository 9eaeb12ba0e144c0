import postgres from "postgres";

/**
 * Why the login of `url` must not serve the console or the worker in production, or null when it may.
 * A superuser can switch the ledger's append-only triggers off (`session_replication_role`,
 * `ALTER TABLE … DISABLE TRIGGER`), and so can the tables' owner, or any member of its role: only the
 * runtime role of `pnpm db:roles` (issue 10) is accepted. `variable` names where the URL came from.
 */
export async function unsafeRuntimeLogin(url: string, variable = "DATABASE_URL"): Promise<string | null> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [me] = await sql<{ role: string; superuser: boolean; owned: number }[]>`
      select current_user as role, r.rolsuper as superuser,
        (select count(*)::int from pg_class c
          where c.relnamespace in ('public'::regnamespace, to_regnamespace('drizzle'))
            and c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'MEMBER')) as owned
      from pg_roles r where r.rolname = current_user`;
    if (!me) return null;
    const fix = `log in as the runtime role instead: pnpm db:roles --env-file .env (or ./casebook start) creates casebook_app and writes its URL into .env as ${variable}; the superuser's URL goes to DATABASE_ADMIN_URL, the owner's to DATABASE_OWNER_URL`;
    if (me.superuser) return `${variable}: logs in as "${me.role}", a PostgreSQL superuser, which can switch the ledger's append-only triggers off; ${fix}`;
    if (me.owned > 0) return `${variable}: logs in as "${me.role}", which owns ${me.owned} of the tables (it may alter them and their triggers); ${fix}`;
    return null;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
