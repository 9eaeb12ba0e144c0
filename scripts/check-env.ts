// Validates the whole stack's configuration before ./casebook starts anything, so a wrong value
// fails in one line that names the variable, not minutes later inside the worker.
//
// Run: node_modules/.bin/tsx scripts/check-env.ts   (./casebook start and doctor do it)
//
// Two layers: the table of docs/CONVENTIONS.md below (always), then each package's own env.ts when
// it exists, since that is what the process will actually parse at start-up.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as Zod from "zod";
import { DEFAULTS } from "../packages/cli/src/steps/env-file";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// The repository root declares no runtime dependency; zod comes from @casebook/config, which
// declares it, so this script needs no change to the lockfile.
const requireFromConfig = createRequire(join(root, "packages/config/package.json"));
const { z } = requireFromConfig("zod") as typeof Zod;

const urlWith = (protocols: string[], example: string) =>
  z
    .string()
    .min(1, "is empty")
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a ${protocols.map((p) => `${p}//`).join(" or ")} URL, e.g. ${example}`);

export const StackEnv = z.object({
  DATABASE_URL: urlWith(["postgres:", "postgresql:"], "postgres://postgres@127.0.0.1:5432/casebook"),
  REDIS_URL: urlWith(["redis:", "rediss:"], "redis://127.0.0.1:6379"),
  CASEBOOK_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "must be letters, digits, '.', '_' or '-' (BullMQ joins it with ':' into key names)"),
  // Counted in bytes, as packages/auth counts it (Auth.js's key size).
  AUTH_SECRET: z.string().refine((v) => Buffer.byteLength(v, "utf8") >= 32, "must be at least 32 bytes (./casebook start generates one into .env)"),
  AUTH_URL: urlWith(["http:", "https:"], "http://localhost:3000"),
  PORT: z.coerce.number().int().min(1).max(65535, "must be a TCP port (1-65535)"),
  SMTP_URL: urlWith(["smtp:", "smtps:"], "smtp://127.0.0.1:2525"),
  PROVIDER_URL: urlWith(["http:", "https:"], "http://127.0.0.1:4010"),
  PROVIDER_API_KEY: z.string().min(1, "is empty"),
  PROVIDER_SIGNING_SECRET: z.string().min(1, "is empty"),
  LETTER_DIR: z.string().min(1, "is empty"),
});
export type StackEnv = z.infer<typeof StackEnv>;

// Defaults of CONVENTIONS.md for what the packages default themselves; AUTH_SECRET has none.
// The start command's table (packages/cli) is the one definition; the provider credentials' development
// values are the channels package's, for a development process only.
const defaults: Partial<Record<keyof StackEnv, string>> = {
  DATABASE_URL: DEFAULTS.DATABASE_URL,
  REDIS_URL: DEFAULTS.REDIS_URL,
  CASEBOOK_QUEUE_PREFIX: DEFAULTS.CASEBOOK_QUEUE_PREFIX,
  PORT: DEFAULTS.PORT,
  SMTP_URL: DEFAULTS.SMTP_URL,
  PROVIDER_URL: DEFAULTS.PROVIDER_URL,
  LETTER_DIR: DEFAULTS.LETTER_DIR,
  PROVIDER_API_KEY: "dev-provider-api-key",
  PROVIDER_SIGNING_SECRET: "dev-provider-signing-secret",
};

// The published development values of the secrets: a production process (the console under `next
// start`, the worker under ./casebook start) must never run with them, nor default to them.
const developmentSecrets: Partial<Record<keyof StackEnv, string>> = {
  PROVIDER_API_KEY: defaults.PROVIDER_API_KEY,
  PROVIDER_SIGNING_SECRET: defaults.PROVIDER_SIGNING_SECRET,
};
const production = process.env.NODE_ENV === "production";

const input: Record<string, string | undefined> = {};
for (const key of Object.keys(StackEnv.shape) as (keyof StackEnv)[]) {
  const value = process.env[key];
  const fallback = production && key in developmentSecrets ? undefined : defaults[key];
  input[key] = value === undefined || value === "" ? fallback : value;
}
input.AUTH_URL ??= `http://localhost:${input.PORT ?? "3000"}`;

const problems: string[] = [];
const parsed = StackEnv.safeParse(input);
if (!parsed.success) {
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "?");
    problems.push(`${key}: ${input[key] === undefined ? "is not set" : issue.message}`);
  }
}

if (production) {
  for (const [key, published] of Object.entries(developmentSecrets)) {
    if (input[key] === published) problems.push(`${key}: is the published development value; set a secret of your own in production (./casebook start generates one into .env)`);
  }
}

// Each package's env.ts: either it validates on import (t3-env style), or it exports a
// `readXxxEnv` / `parseXxxEnv` function that throws on a bad value: call each such function.
const candidates = [
  "packages/db/src/env.ts",
  "packages/jobs/src/env.ts",
  "packages/channels/src/env.ts",
  "packages/auth/src/env.ts",
  "apps/worker/src/env.ts",
  "apps/web/src/env.ts",
];
const checked: string[] = [];
for (const file of candidates) {
  const path = join(root, file);
  if (!existsSync(path)) continue;
  try {
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (/^(read|parse)[A-Za-z]*Env$/.test(name) && typeof fn === "function") fn(process.env);
    }
    checked.push(relative(root, dirname(dirname(path))));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // A module guarded by `server-only` refuses any import outside React's server build: that is
    // no verdict on the configuration, and `next start` parses it again anyway.
    if (/server-only|Client Component/.test(text)) continue;
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    const detail = Array.isArray(issues)
      ? issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ")
      : text.split("\n").slice(0, 6).join(" ");
    problems.push(`${file} rejected the configuration: ${detail}`);
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
const also = checked.length > 0 ? `, and by the env.ts of ${checked.join(", ")}` : "";
console.log(`configuration valid (${Object.keys(StackEnv.shape).length} variables checked with zod${also})`);
