import postgres from "postgres";
import { DATABASE_OWNER_URL } from "../e2e-env";

/** Independent SQL checks of what the app wrote (postgres.js, not the app's code), as the database's
 *  owner: the tests' own access, not the app's runtime role. */
export const sql = postgres(DATABASE_OWNER_URL, { max: 2, idle_timeout: 2, onnotice: () => {} });
