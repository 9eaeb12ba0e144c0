import postgres from "postgres";
import { migrateDatabase, splitDatabaseUrl } from "../migrate";
import { appendOnlyTables, quoteIdent } from "./grants";

/**
 * Two roles, so the application cannot rewrite its own evidence (issue 10):
 * - the **owner** owns the database, its schemas and every table; migrations run as it. It is not a
 *   superuser: it cannot set `session_replication_role`, and it holds no CREATEDB or CREATEROLE.
 * - the **runtime** role is what the console and the worker log in as: DML on the working tables,
 *   SELECT and INSERT only on the append-only ones, no DDL (see grants.ts).
 * Both are created by a superuser connection (the admin URL), which the application never holds.
 */
export interface DatabaseRoleUrls {
  /** A superuser (or CREATEROLE + CREATEDB) login, used only here: postgres://postgres@host/postgres. */
  adminUrl: string;
  /** postgres://OWNER:PASSWORD@host/DB: migrations and the seed. */
  ownerUrl: string;
  /** postgres://RUNTIME:PASSWORD@host/DB: the console and the worker (DATABASE_URL). */
  runtimeUrl: string;
}

export interface RoleLogin {
  role: string;
  password: string | null;
  database: string;
}

export function roleOf(url: string): RoleLogin {
  const u = new URL(url);
  const role = decodeURIComponent(u.username);
  if (!role) throw new Error("the database URL names no role (postgres://ROLE:PASSWORD@host/db)");
  return { role, password: u.password ? decodeURIComponent(u.password) : null, database: splitDatabaseUrl(url).database };
}

const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** A URL of the same server as `url`, logged in as `admin`'s credentials, on database `database`. */
function onDatabase(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function ensureRole(admin: postgres.Sql, login: RoleLogin): Promise<void> {
  const attributes = "login nosuperuser nocreatedb nocreaterole noreplication nobypassrls noinherit";
  const password = login.password === null ? "" : ` password ${quoteLiteral(login.password)}`;
  const [found] = await admin`select 1 as one from pg_roles where rolname = ${login.role}`;
  if (!found) {
    try {
      await admin.unsafe(`create role ${quoteIdent(login.role)} ${attributes}${password}`);
      return;
    } catch (error) {
      // Another process created it between our check and our create (42710 duplicate_object).
      if ((error as { code?: string }).code !== "42710") throw error;
    }
  }
  // An existing role is brought back to these attributes: a role someone made superuser by hand
  // would defeat the point.
  await admin.unsafe(`alter role ${quoteIdent(login.role)} ${attributes}${password}`);
}

/**
 * Idempotent: creates or corrects both roles, creates the database owned by the owner (or hands an
 * existing one, made before the roles existed, to it), migrates as the owner and applies the
 * runtime grants. Safe to run on every start.
 */
export async function ensureDatabaseRoles(urls: DatabaseRoleUrls, options: { migrate?: boolean } = {}): Promise<{ owner: string; runtime: string; database: string; appendOnly: string[] }> {
  const owner = roleOf(urls.ownerUrl);
  const runtime = roleOf(urls.runtimeUrl);
  if (owner.role === runtime.role) throw new Error("the owner and the runtime role must be two different roles");
  if (owner.database !== runtime.database) throw new Error("the owner and runtime URLs must name the same database");
  const database = owner.database;

  const admin = postgres(onDatabase(urls.adminUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const [me] = await admin<{ ok: boolean }[]>`select rolsuper as ok from pg_roles where rolname = current_user`;
    if (!me?.ok) throw new Error("the admin URL must log in as a superuser: it creates roles and hands the database to the owner");
    await ensureRole(admin, owner);
    await ensureRole(admin, runtime);
    const [db] = await admin`select 1 as one from pg_database where datname = ${database}`;
    if (!db) {
      try {
        await admin.unsafe(`create database ${quoteIdent(database)} owner ${quoteIdent(owner.role)}`);
      } catch (error) {
        if ((error as { code?: string }).code !== "42P04") throw error;
      }
    }
    await admin.unsafe(`alter database ${quoteIdent(database)} owner to ${quoteIdent(owner.role)}`);
    // Only the two roles connect; PUBLIC's default CONNECT and TEMPORARY go. The runtime keeps
    // TEMPORARY: a placement merge stages its rows in a temp table (session-local, dropped at commit).
    await admin.unsafe(`revoke all on database ${quoteIdent(database)} from public`);
    await admin.unsafe(`grant connect, temporary on database ${quoteIdent(database)} to ${quoteIdent(runtime.role)}`);
  } finally {
    await admin.end({ timeout: 5 });
  }

  // Inside the database: a database migrated before the roles existed belongs to the superuser;
  // every object of ours moves to the owner (extensions' own objects stay where they are).
  const inDb = postgres(onDatabase(urls.adminUrl, database), { max: 1, onnotice: () => {} });
  try {
    await inDb.unsafe(`
      do $$
      declare r record;
      begin
        for r in select n.nspname from pg_namespace n where n.nspname in ('public', 'drizzle') loop
          execute format('alter schema %I owner to %I', r.nspname, ${quoteLiteral(owner.role)});
        end loop;
        for r in
          select c.relname, c.relkind from pg_class c
          where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
            and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
        loop
          execute format('alter table public.%I owner to %I', r.relname, ${quoteLiteral(owner.role)});
        end loop;
        for r in
          select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'drizzle' and c.relkind = 'r'
        loop
          execute format('alter table drizzle.%I owner to %I', r.relname, ${quoteLiteral(owner.role)});
        end loop;
        for r in
          select c.relname from pg_class c
          where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'
            and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i', 'e'))
        loop
          execute format('alter sequence public.%I owner to %I', r.relname, ${quoteLiteral(owner.role)});
        end loop;
        for r in
          select p.oid::regprocedure as sig from pg_proc p
          where p.pronamespace = 'public'::regnamespace
            and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        loop
          execute format('alter function %s owner to %I', r.sig, ${quoteLiteral(owner.role)});
        end loop;
        for r in
          select t.typname from pg_type t
          where t.typnamespace = 'public'::regnamespace and t.typtype in ('e', 'd')
            and not exists (select 1 from pg_depend d where d.objid = t.oid and d.deptype = 'e')
        loop
          execute format('alter type public.%I owner to %I', r.typname, ${quoteLiteral(owner.role)});
        end loop;
      end $$`);
    await inDb.unsafe(`revoke create on schema public from public`);
  } finally {
    await inDb.end({ timeout: 5 });
  }

  let appendOnly: string[] = [];
  if (options.migrate !== false) {
    await migrateDatabase(urls.ownerUrl, { runtimeRole: runtime.role });
    const sql = postgres(urls.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      appendOnly = await appendOnlyTables(sql);
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  return { owner: owner.role, runtime: runtime.role, database, appendOnly };
}
