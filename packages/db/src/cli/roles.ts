// pnpm db:roles [--env-file .env]: creates (or corrects) the owner and runtime roles, the database owned
// by the owner, migrates as the owner and grants the runtime role what the app uses (src/roles).
//
// With --env-file, a file without DATABASE_OWNER_URL is completed first: two generated passwords, the
// owner's URL, the admin URL (the former DATABASE_URL, a superuser) and DATABASE_URL rewritten to the
// runtime role. The file stays readable by its owner only.
import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { readDbEnv } from "../env";
import { ensureDatabaseRoles } from "../roles/ensure-roles";

const { values } = parseArgs({ options: { "env-file": { type: "string" } } });

// Role names are cluster-wide: a second clone on the same server (a test, another worktree) names its
// own, or it would change the passwords of the first one's roles.
export const OWNER_ROLE = process.env.CASEBOOK_DB_OWNER_ROLE || "casebook_owner";
export const RUNTIME_ROLE = process.env.CASEBOOK_DB_RUNTIME_ROLE || "casebook_app";

function readEnvFile(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    map.set(m[1]!, m[2]!.replace(/^"(.*)"$|^'(.*)'$/, "$1$2"));
  }
  return map;
}

function withLogin(server: string, role: string, password: string, database: string): string {
  const u = new URL(server);
  u.username = role;
  u.password = password;
  u.pathname = `/${database}`;
  return u.toString();
}

const safe = (url: string) => {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
};

async function completeEnvFile(path: string): Promise<void> {
  let text = "";
  try {
    text = await readFile(path, "utf8");
  } catch {
    /* written below */
  }
  const file = readEnvFile(text);
  if (process.env.DATABASE_OWNER_URL || file.has("DATABASE_OWNER_URL")) return;
  // The URL the stack used so far is a superuser's (the old default): it becomes the admin URL.
  const current = process.env.DATABASE_URL ?? file.get("DATABASE_URL") ?? readDbEnv({}).DATABASE_URL;
  const database = new URL(current).pathname.replace(/^\//, "") || "casebook";
  const admin = new URL(current);
  admin.pathname = "/postgres";
  const password = () => randomBytes(24).toString("base64url");
  const lines = {
    DATABASE_ADMIN_URL: admin.toString(),
    DATABASE_OWNER_URL: withLogin(current, OWNER_ROLE, password(), database),
    DATABASE_URL: withLogin(current, RUNTIME_ROLE, password(), database),
  };
  const kept = text.split("\n").filter((l) => !/^\s*(?:export\s+)?DATABASE_(URL|ADMIN_URL)=/.test(l));
  while (kept.length && kept.at(-1) === "") kept.pop();
  kept.push(
    "# Database roles (pnpm db:roles, infra/README.md): the app logs in as the runtime role, migrations as the",
    "# owner; the admin URL (a superuser) is used only to create them.",
    ...Object.entries(lines).map(([k, v]) => `${k}=${v}`),
    "",
  );
  await writeFile(path, kept.join("\n"), { mode: 0o600 });
  await chmod(path, 0o600);
  for (const [k, v] of Object.entries(lines)) if (k !== "DATABASE_ADMIN_URL" || !process.env[k]) process.env[k] = v;
  // The environment's DATABASE_URL (a superuser's) would otherwise win over the file's runtime URL.
  process.env.DATABASE_URL = lines.DATABASE_URL;
  console.log(`wrote ${path}: DATABASE_OWNER_URL and DATABASE_URL with generated passwords`);
}

try {
  if (values["env-file"]) {
    await completeEnvFile(values["env-file"]);
    const file = readEnvFile(await readFile(values["env-file"], "utf8"));
    for (const k of ["DATABASE_ADMIN_URL", "DATABASE_OWNER_URL", "DATABASE_URL"]) {
      if (!process.env[k] && file.has(k)) process.env[k] = file.get(k);
    }
  }
  const env = readDbEnv();
  if (!env.DATABASE_OWNER_URL) throw new Error("DATABASE_OWNER_URL is not set (postgres://casebook_owner:PASSWORD@host:5432/casebook)");
  const adminUrl = env.DATABASE_ADMIN_URL ?? (() => {
    const u = new URL("postgres://postgres@127.0.0.1:5432/postgres");
    return u.toString();
  })();
  const r = await ensureDatabaseRoles({ adminUrl, ownerUrl: env.DATABASE_OWNER_URL, runtimeUrl: env.DATABASE_URL });
  console.log(`database "${r.database}" owned by ${r.owner}, migrated; the app logs in as ${r.runtime} (${safe(env.DATABASE_URL)}); append-only: ${r.appendOnly.join(", ")}`);
} catch (error) {
  console.error(`db:roles failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
