export { createDb, type Db, type DbHandle, type DbOrTx, type Schema, type Tx } from "./client";
export { readDbEnv } from "./env";
export { hashPassword, verifyPassword } from "./password";
export * as schema from "./schema";
// Migration and database create/drop live at "@casebook/db/migrate": tools and tests use them; the app
// bundles never do (the migrations folder is read from disk).
