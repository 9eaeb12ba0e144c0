// pnpm db:seed [--accounts N] [--seed S] [--database-url URL] [--reset] [--now ISO] [--attempts N [--busy-person C]]
// --attempts: the large-scale mode (e.g. --accounts 1000000 --attempts 10000000 --busy-person 1000).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readDbEnv } from "../env";
import { DatabaseNotEmptyError, seedDemo } from "../seed";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    "database-url": { type: "string" },
    reset: { type: "boolean", default: false },
    now: { type: "string" },
    quiet: { type: "boolean", default: false },
    attempts: { type: "string" },
    "busy-person": { type: "string" },
  },
});

// The demo seed writes users whose password is published in the README: never into production.
if (process.env.NODE_ENV === "production") {
  console.error("NODE_ENV=production: the demo seed (users with a published password) is refused. Unset NODE_ENV to seed a development database.");
  process.exit(2);
}

const accounts = Number(values.accounts);
const seed = Number(values.seed);
if (!Number.isInteger(accounts) || accounts < 1) throw new Error("--accounts must be a positive integer");
if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
const attempts = values.attempts === undefined ? undefined : Number(values.attempts);
if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1)) throw new Error("--attempts must be a positive integer");
const busyPersonContacts = values["busy-person"] === undefined ? undefined : Number(values["busy-person"]);
if (busyPersonContacts !== undefined && (!Number.isInteger(busyPersonContacts) || busyPersonContacts < 1)) throw new Error("--busy-person must be a positive integer");
const now = values.now ? new Date(values.now) : undefined;
if (now && Number.isNaN(now.getTime())) throw new Error("--now must be an ISO 8601 instant");
// The seed drops and re-adds constraints while it loads: it runs as the owner role when there is one.
const url = values["database-url"] ?? readDbEnv().DATABASE_OWNER_URL ?? readDbEnv().DATABASE_URL;

try {
  const report = await seedDemo({
    url, accounts, seed, now, reset: values.reset, attempts, busyPersonContacts,
    onProgress: values.quiet ? undefined : (m) => console.error(`  ${m}`),
  });
  const rowsTotal = Object.values(report.rows).reduce((a, b) => a + b, 0);
  console.log(`\nSeeded ${report.accounts.toLocaleString("en-US")} accounts, ${report.persons.toLocaleString("en-US")} persons, ${rowsTotal.toLocaleString("en-US")} rows in ${report.seconds} s (--seed ${seed} --now ${report.now}).\n`);
  console.table(report.users.map((u) => ({ email: u.email, role: u.role, team: u.team ?? "", locale: u.locale, password: report.password })));
  // The start script and the README print these; var/ is gitignored.
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
  const out = join(repoRoot, "var", "demo-users.json");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify({ password: report.password, users: report.users }, null, 2) + "\n");
  console.log(`Demo logins written to ${out}`);
} catch (error) {
  if (error instanceof DatabaseNotEmptyError) {
    console.error(error.message);
    process.exitCode = 2;
  } else throw error;
}
