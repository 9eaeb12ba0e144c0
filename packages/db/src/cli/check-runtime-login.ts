// tsx src/cli/check-runtime-login.ts: exits 1, naming DATABASE_URL and the fix, when its login is a
// superuser or owns the tables; ./casebook start runs it before the console and the worker start.
import { readDbEnv } from "../env";
import { unsafeRuntimeLogin } from "../roles/runtime-login";

try {
  const problem = await unsafeRuntimeLogin(readDbEnv().DATABASE_URL);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  console.log("DATABASE_URL logs in as a runtime role (no superuser, owns no table)");
} catch (error) {
  console.error(`DATABASE_URL: cannot check its role: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
