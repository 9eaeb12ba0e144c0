import { dropDatabase } from "@casebook/db/migrate";
import { DATABASE_URL } from "./e2e-env";

export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_KEEP_DATABASE) return;
  await dropDatabase(DATABASE_URL).catch((e: unknown) => console.error(`could not drop ${DATABASE_URL}: ${String(e)}`));
}
