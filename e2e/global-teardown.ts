import postgres from "postgres";
import { dropDatabase } from "@casebook/db/migrate";
import { roleOf } from "@casebook/db/roles";
import { DATABASE_ADMIN_URL, DATABASE_OWNER_URL, DATABASE_URL } from "./e2e-env";

export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_KEEP_DATABASE) return;
  const { database } = roleOf(DATABASE_URL);
  const dbOnServer = new URL(DATABASE_ADMIN_URL);
  dbOnServer.pathname = `/${database}`;
  await dropDatabase(dbOnServer.toString()).catch((e: unknown) => console.error(`could not drop ${database}: ${String(e)}`));
  const admin = postgres(DATABASE_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    for (const url of [DATABASE_URL, DATABASE_OWNER_URL]) await admin.unsafe(`drop role if exists "${roleOf(url).role}"`);
  } catch (e) {
    console.error(`could not drop the run's roles: ${String(e)}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
