export { createDb, type Db, type DbHandle, type DbOrTx, type Schema, type Tx } from "./client";
export { readDbEnv } from "./env";
export { dropDatabase, ensureDatabase, migrateDatabase, migrationsFolder, splitDatabaseUrl } from "./migrate";
export { hashPassword, verifyPassword } from "./password";
export * as schema from "./schema";
