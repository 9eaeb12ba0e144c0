import postgres from "postgres";
import { DATABASE_URL } from "../e2e-env";

/** Independent SQL checks of what the app wrote (postgres.js, not the app's code). */
export const sql = postgres(DATABASE_URL, { max: 2, idle_timeout: 2, onnotice: () => {} });
