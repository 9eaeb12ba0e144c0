// pnpm db:migrate: creates the database of DATABASE_URL if missing and applies the committed migrations.
import { readDbEnv } from "../env";
import { migrateDatabase, splitDatabaseUrl } from "../migrate";

const url = readDbEnv().DATABASE_URL;
const started = performance.now();
try {
  const { created } = await migrateDatabase(url);
  const { database } = splitDatabaseUrl(url);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${created ? "created and migrated" : "migrated"} database "${database}" in ${seconds} s`);
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
