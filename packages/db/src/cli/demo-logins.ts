// pnpm db:demo-logins: refuses (exit 1) when NODE_ENV=production and the database of DATABASE_URL
// holds users who sign in with the published demo password. ./casebook start runs it before it
// starts anything, so a production deployment never serves the demo logins (issue 10).
import { createDb } from "../client";
import { findDemoLogins } from "../seed/demo-users";

const production = process.env.NODE_ENV === "production";
const { db, close } = createDb({ max: 1 });
try {
  const found = await findDemoLogins(db);
  if (found.length === 0) {
    console.log("no user signs in with the demo password");
  } else if (production) {
    console.error(`NODE_ENV=production, and ${found.length} user(s) sign in with the published demo password (${found.join(", ")}): refusing to start. ` +
      "Reset their passwords or deactivate them, or seed a production database without the demo (the demo seed is for development).");
    process.exitCode = 1;
  } else {
    console.log(`${found.length} demo login(s) with the published password (development only; a production start refuses them)`);
  }
} finally {
  await close();
}
