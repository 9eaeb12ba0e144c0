// Stands in for packages/db/src/migrate.ts inside the web bundle. The web app never migrates or creates
// databases, and that module names its migrations folder with new URL("../drizzle", import.meta.url),
// a directory Turbopack cannot bundle. The CLI, the tests and the seed import the real one.
const refuse = (): never => {
  throw new Error("migrations are not run from the web app: use pnpm db:migrate");
};
export const migrationsFolder = "";
export const migrateDatabase = refuse;
export const dropDatabase = refuse;
export const ensureDatabase = refuse;
export const splitDatabaseUrl = refuse;
