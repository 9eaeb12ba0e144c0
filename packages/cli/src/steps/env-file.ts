import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Context } from "../context";

export const DEFAULTS = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/casebook",
  REDIS_URL: "redis://127.0.0.1:6379",
  CASEBOOK_QUEUE_PREFIX: "casebook",
  PORT: "3000",
  SMTP_URL: "smtp://127.0.0.1:2525",
  PROVIDER_URL: "http://127.0.0.1:4010",
  LETTER_DIR: "var/letters",
  AUTH_TRUST_HOST: "true",
} as const;

/** The values the start generates rather than defaults: random provider credentials instead of the
 *  packages' published dev values, since `next start` and the worker run with NODE_ENV=production,
 *  where those are refused. AUTH_SECRET: 32 random bytes (Auth.js signs sessions with it). */
export function generateSecrets(random: (n: number) => Buffer = randomBytes): Record<"AUTH_SECRET" | "PORTAL_SESSION_SECRET" | "PROVIDER_API_KEY" | "PROVIDER_SIGNING_SECRET", string> {
  return {
    AUTH_SECRET: random(32).toString("base64url"),
    // The debtor portal signs its own sessions with a secret of its own (issue 17), never AUTH_SECRET.
    PORTAL_SESSION_SECRET: random(32).toString("base64url"),
    PROVIDER_API_KEY: random(18).toString("base64url"),
    PROVIDER_SIGNING_SECRET: random(24).toString("base64url"),
  };
}

export function renderEnvFile(now: Date, secrets = generateSecrets()): string {
  return `# Written by ./casebook start on ${now.toISOString().replace(/\.\d+Z$/, "Z")}. Local to this clone (gitignored).
# Variables set in the environment win over this file. See docs/CONVENTIONS.md, "Environment".
AUTH_SECRET=${secrets.AUTH_SECRET}
PORTAL_SESSION_SECRET=${secrets.PORTAL_SESSION_SECRET}
DATABASE_URL=${DEFAULTS.DATABASE_URL}
REDIS_URL=${DEFAULTS.REDIS_URL}
CASEBOOK_QUEUE_PREFIX=${DEFAULTS.CASEBOOK_QUEUE_PREFIX}
PORT=${DEFAULTS.PORT}
# AUTH_URL defaults to http://localhost:$PORT; set it when the console is served under another host.
# AUTH_URL=http://localhost:3000
AUTH_TRUST_HOST=true
SMTP_URL=${DEFAULTS.SMTP_URL}
PROVIDER_URL=${DEFAULTS.PROVIDER_URL}
PROVIDER_API_KEY=${secrets.PROVIDER_API_KEY}
PROVIDER_SIGNING_SECRET=${secrets.PROVIDER_SIGNING_SECRET}
LETTER_DIR=${DEFAULTS.LETTER_DIR}
`;
}

/** KEY=value lines; `export ` and one level of quotes are allowed; comments and blanks skipped. */
export function parseEnvFile(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2]!;
    const quoted = /^"(.*)"$/.exec(raw) ?? /^'(.*)'$/.exec(raw);
    map.set(m[1]!, quoted ? quoted[1]! : raw);
  }
  return map;
}

/**
 * Writes .env when there is none; in an existing one every value stays as it is, and only a missing
 * generated secret is added (a .env from an older start had no provider credentials). Either way the
 * file ends readable by its owner only: it holds secrets. Returns what it did, for the message.
 */
export function ensureEnvFile(path: string, now = new Date(), secrets = generateSecrets()): { wrote: "new" | "added" | "none"; added: string[] } {
  if (!existsSync(path)) {
    writeFileSync(path, renderEnvFile(now, secrets), { mode: 0o600 });
    chmodSync(path, 0o600);
    return { wrote: "new", added: Object.keys(secrets) };
  }
  const text = readFileSync(path, "utf8");
  const present = parseEnvFile(text);
  const missing = Object.entries(secrets).filter(([k]) => !present.has(k));
  if (missing.length > 0) {
    const lines = [text.replace(/\n*$/, ""), `# Added by ./casebook start on ${now.toISOString().replace(/\.\d+Z$/, "Z")}: generated secrets that were missing.`, ...missing.map(([k, v]) => `${k}=${v}`), ""];
    writeFileSync(path, lines.join("\n"));
  }
  chmodSync(path, 0o600);
  return { wrote: missing.length > 0 ? "added" : "none", added: missing.map(([k]) => k) };
}

/** Loads .env into ctx.env without letting it override the environment; remembers each value's
 *  origin; fills the defaults. `write`: create or complete .env first (start, services). */
export function loadEnv(ctx: Context, write: boolean): void {
  const file = ctx.envFile;
  for (const k of ["DATABASE_URL", "DATABASE_OWNER_URL", "DATABASE_ADMIN_URL", "REDIS_URL", "PORT", "AUTH_URL", "AUTH_SECRET"]) {
    if (ctx.env[k] && !ctx.origin.has(k)) ctx.origin.set(k, "environment");
  }
  if (write) {
    const r = ensureEnvFile(file);
    if (r.wrote === "new") ctx.out.did("wrote .env (new AUTH_SECRET, defaults of docs/CONVENTIONS.md; mode 0600)");
    if (r.wrote === "added") ctx.out.did(`added to .env what it lacked: ${r.added.join(", ")} (generated)`);
  }
  if (existsSync(file)) {
    for (const [key, value] of parseEnvFile(readFileSync(file, "utf8"))) {
      if (ctx.env[key] === undefined) {
        ctx.env[key] = value;
        ctx.origin.set(key, ".env");
      }
    }
  }
  const env = ctx.env;
  for (const [k, v] of Object.entries(DEFAULTS)) {
    if (!env[k]) {
      env[k] = v;
      if (!ctx.origin.has(k)) ctx.origin.set(k, "default");
    }
  }
  env.AUTH_URL ||= `http://localhost:${env.PORT}`;
  // The worker prints the console's /verify and /portal links in messages (issue 17).
  env.CASEBOOK_PUBLIC_URL ||= env.AUTH_URL;
  // Children run in their own package folders: a relative LETTER_DIR means the repository's.
  if (!isAbsolute(env.LETTER_DIR!)) env.LETTER_DIR = join(ctx.root, env.LETTER_DIR!);
}

/** After `pnpm db:roles` rewrote the database URLs in .env, the new ones replace the old (unless the
 *  caller's environment set them: that always wins). */
export function reloadDatabaseUrls(ctx: Context): void {
  for (const k of ["DATABASE_URL", "DATABASE_OWNER_URL", "DATABASE_ADMIN_URL"]) {
    if (ctx.origin.get(k) !== "environment") {
      delete ctx.env[k];
      ctx.origin.delete(k);
    }
  }
  loadEnv(ctx, false);
}

/** URL pieces, by the WHATWG URL parser; `safe` never prints a password. */
export function urlParts(url: string) {
  const u = new URL(url);
  const redis = u.protocol.startsWith("redis");
  const admin = new URL(u.href);
  admin.pathname = "/postgres";
  const safe = new URL(u.href);
  if (safe.password) safe.password = "***";
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: Number(u.port || (redis ? 6379 : 5432)),
    db: decodeURIComponent(u.pathname.replace(/^\//, "")),
    user: decodeURIComponent(u.username),
    admin: admin.href,
    safe: safe.href,
  };
}
