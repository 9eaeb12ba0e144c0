import { createDb, type DbHandle } from "@casebook/db";

let handle: DbHandle | undefined;

/** The process-wide database handle for the web app, which may not import @casebook/db itself
 *  (docs/CONVENTIONS.md): it asks the domain for one. Created on first use from DATABASE_URL. */
export function getAppDb(): DbHandle["db"] {
  handle ??= createDb();
  return handle.db;
}
