export { createDb, type CreateDbOptions, type Db, type DbHandle, type DbOrTx, type Schema, type Tx } from "./client";
export { readDbEnv } from "./env";
export { insertRows } from "./insert-rows";
export { hashPassword, verifyPassword } from "./password";
export * as schema from "./schema";
// Also at "@casebook/db/roles"; here too because that entry point brings the migrator (which reads its
// folder from disk) into the web's bundle through the domain (issue 10's start check, domain/infra.ts).
export { unsafeRuntimeLogin } from "./roles/runtime-login";
// Migration and database create/drop live at "@casebook/db/migrate": tools and tests use them; the app
// bundles never do (the migrations folder is read from disk).
