import type postgres from "postgres";

// A bulk load is fastest into bare heaps: PostgreSQL checks a foreign key row by row with a trigger and
// inserts every row into every index, while rebuilding an index (sorted) or validating a foreign key
// (one join) after the load does the same work in bulk. So the seed captures the definitions of the
// constraints and indexes of the tables it fills from the catalog, drops them, loads, and recreates
// them exactly: the migrations stay the single source of truth, and the recreated foreign keys and
// unique constraints are validated against the loaded data.

interface Definition {
  table: string;
  name: string;
  statement: string;
}
export interface DroppedDefinitions {
  keys: Definition[];
  indexes: Definition[];
  foreignKeys: Definition[];
}

export async function dropForBulkLoad(sql: postgres.Sql, tables: readonly string[]): Promise<DroppedDefinitions> {
  const foreignKeys = await sql<Definition[]>`
    select c.conrelid::regclass::text as table, c.conname as name,
      format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) as statement
    from pg_constraint c
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      and (c.conrelid::regclass::text = any(${tables as string[]}) or c.confrelid::regclass::text = any(${tables as string[]}))`;
  const keys = await sql<Definition[]>`
    select c.conrelid::regclass::text as table, c.conname as name,
      format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) as statement
    from pg_constraint c
    where c.contype in ('p', 'u') and c.connamespace = 'public'::regnamespace and c.conrelid::regclass::text = any(${tables as string[]})`;
  const indexes = await sql<Definition[]>`
    select i.indrelid::regclass::text as table, i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as statement
    from pg_index i
    where i.indrelid::regclass::text = any(${tables as string[]})
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))`;
  await sql.begin(async (tx) => {
    for (const fk of foreignKeys) await tx.unsafe(`alter table ${fk.table} drop constraint "${fk.name}"`);
    for (const key of keys) await tx.unsafe(`alter table ${key.table} drop constraint "${key.name}"`);
    for (const index of indexes) await tx.unsafe(`drop index ${index.name}`);
  });
  return { keys, indexes, foreignKeys };
}

/** Recreates what dropForBulkLoad removed: keys first (foreign keys need them), then indexes, then
 *  foreign keys (validated), `concurrency` statements at a time on dedicated connections. */
export async function restoreAfterBulkLoad(
  sql: postgres.Sql,
  dropped: DroppedDefinitions,
  options: { concurrency?: number; rowsOf?: (table: string) => number } = {},
): Promise<void> {
  const concurrency = options.concurrency ?? 2;
  const rowsOf = options.rowsOf ?? (() => 0);
  const connections = await Promise.all(Array.from({ length: concurrency }, () => sql.reserve()));
  try {
    for (const c of connections) {
      await c.unsafe("set maintenance_work_mem = '512MB'");
      // Parallel statements already use the cores; parallel workers inside each would oversubscribe them.
      if (concurrency > 1) await c.unsafe("set max_parallel_maintenance_workers = 0");
    }
    const phase = async (defs: Definition[]) => {
      // The biggest tables first, so the long builds overlap the short ones.
      const queue = [...defs].sort((a, b) => rowsOf(b.table.replace(/"/g, "")) - rowsOf(a.table.replace(/"/g, "")));
      await Promise.all(
        connections.map(async (c) => {
          for (let def = queue.shift(); def; def = queue.shift()) await c.unsafe(def.statement);
        }),
      );
    };
    await phase(dropped.keys);
    await phase(dropped.indexes);
    await phase(dropped.foreignKeys);
  } finally {
    for (const c of connections) c.release();
  }
}
