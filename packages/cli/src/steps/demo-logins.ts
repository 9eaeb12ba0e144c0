import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import type { Context } from "../context";
import { tsxBin } from "./config";

export interface DemoLogin {
  email: string;
  password: string;
  who: string;
}

/** `pnpm db:seed` writes var/demo-users.json ({ password, users: [{ email, role, team, locale }] }). */
export function loginsFromSeedFile(text: string): DemoLogin[] {
  const { password, users } = JSON.parse(text) as { password: string; users: { email: string; role?: string; team?: string; locale?: string }[] };
  return users.map((u) => ({ email: u.email, password: String(password), who: [u.role, u.team, u.locale && u.locale !== "en" ? u.locale : ""].filter(Boolean).join(", ") }));
}

export const formatLogin = (l: DemoLogin) => `  ${l.email.padEnd(28)} ${l.password.padEnd(16)} ${l.who}`;

async function usersInDatabase(url: string): Promise<Set<string>> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    return new Set((await sql<{ email: string }[]>`select email from users`).map((r) => r.email));
  } catch {
    return new Set();
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** Prints the demo logins: from var/demo-users.json, or (seeded from another clone) the demo users of
 *  packages/db that the database holds. Returns how many it printed. */
export async function printLogins(ctx: Context): Promise<number> {
  const file = join(ctx.root, "var/demo-users.json");
  if (existsSync(file)) {
    try {
      const logins = loginsFromSeedFile(readFileSync(file, "utf8"));
      ctx.out.line();
      ctx.out.line(`${ctx.out.bold("Demo logins")} (from var/demo-users.json):`);
      for (const l of logins) ctx.out.line(formatLogin(l));
      return logins.length;
    } catch {
      ctx.out.warn("could not read var/demo-users.json");
      return 0;
    }
  }
  const src = join(ctx.root, "packages/db/src/seed/demo-users.ts");
  if (existsSync(src)) {
    const r = await ctx.sys.run(tsxBin(ctx.root), ["--eval", `const m = await import(${JSON.stringify(src)}); for (const u of m.demoUsers) console.log([u.email, m.DEMO_PASSWORD, [u.role, u.team].filter(Boolean).join(", ")].join("\\t"));`], { cwd: ctx.root });
    const present = await usersInDatabase(ctx.env.DATABASE_URL!);
    const logins = r.code === 0
      ? r.stdout.trim().split("\n").map((l) => l.split("\t")).filter((f) => f.length === 3 && present.has(f[0]!)).map(([email, password, who]) => ({ email: email!, password: password!, who: who! }))
      : [];
    if (logins.length > 0) {
      ctx.out.line();
      ctx.out.line(`${ctx.out.bold("Demo logins")} (the demo users of packages/db/src/seed/demo-users.ts found in the database):`);
      for (const l of logins) ctx.out.line(formatLogin(l));
      return logins.length;
    }
  }
  ctx.out.warn(`no demo logins found: var/demo-users.json is written by pnpm db:seed (reseed an empty database with: pnpm db:seed --accounts ${ctx.env.CASEBOOK_SEED_ACCOUNTS || 2000})`);
  return 0;
}
