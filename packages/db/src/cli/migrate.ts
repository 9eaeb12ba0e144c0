// pnpm db:migrate: creates the database of DATABASE_URL if missing and applies the committed migrations.
// With DATABASE_OWNER_URL (the owner role, pnpm db:roles), migrates as the owner and re-applies the
// runtime role's grants (DATABASE_URL's role) to the tables as the migrations left them.
import { readDbEnv } from "../env";
import { migrateDatabase, splitDatabaseUrl } from "../migrate";
import { roleOf } from "../roles/ensure-roles";

const env = readDbEnv();
const url = env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
const runtimeRole = env.DATABASE_OWNER_URL ? roleOf(env.DATABASE_URL).role : undefined;
const started = performance.now();
try {
  const { created } = await migrateDatabase(url, { runtimeRole });
  const { database } = splitDatabaseUrl(url);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${created ? "created and migrated" : "migrated"} database "${database}" in ${seconds} s${runtimeRole ? ` (as ${roleOf(url).role}; grants of ${runtimeRole} applied)` : ""}`);
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
