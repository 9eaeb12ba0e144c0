export { createDb, type Db, type DbHandle, type DbOrTx, type Schema, type Tx } from "./client";
export { readDbEnv } from "./env";
export * as schema from "./schema";
