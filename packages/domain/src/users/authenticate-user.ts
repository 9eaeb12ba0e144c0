import { and, count, eq, gt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { schema, verifyPassword, type Db, type DbOrTx } from "@casebook/db";
import { writeAudit } from "../audit";
import type { Role } from "../context";

export const AuthenticateUser = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
  ip: z.string().max(100).nullish(),
});
export type AuthenticateUser = z.input<typeof AuthenticateUser>;

/**
 * The throttle, over a 15-minute window of failures (throttled tries are recorded but not counted):
 * - one address and one account: 5 failures refuse that address further tries on that account, even
 *   with the right password;
 * - one address: 20 failures refuse it every account;
 * - one account from any addresses: each failure beyond 5 makes every try on it slower (1 s, doubling,
 *   at most 8 s) instead of refusing it, so a distributed attacker is slowed down but cannot lock the
 *   real user out (issue 10).
 * The address is the real client address (clientIp in @casebook/auth): X-Forwarded-For counts only
 * from a configured proxy, so rotating it moves nothing.
 */
export const THROTTLE = { windowMinutes: 15, perAccountAndIp: 5, perIp: 20, slowAfter: 5, baseDelayMs: 1_000, maxDelayMs: 8_000 } as const;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  locale: "en" | "zh-CN";
  timeZone: string;
  staffNumber: string;
  /** Every team the user belongs to (user_teams), when read; absent: the primary team alone. */
  teamIds?: string[];
  /** users.session_version when the session was issued: a later bump ends it (issue 10). */
  sessionVersion: number;
  /** The password is a temporary one an admin handed over: only the password page is open (issue 14). */
  passwordChangeRequired: boolean;
}

export type AuthenticateResult = { ok: true; user: SessionUser } | { ok: false; reason: "invalid" | "throttled" | "inactive" };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The delay of a try on an account with `failures` recent failures from anywhere. */
export function accountDelayMs(failures: number): number {
  if (failures < THROTTLE.slowAfter) return 0;
  return Math.min(THROTTLE.baseDelayMs * 2 ** (failures - THROTTLE.slowAfter), THROTTLE.maxDelayMs);
}

/** Checks a password sign-in. Every try is a login_attempts row; the throttle reads them. The answer to a
 *  wrong email and a wrong password is the same, and so is its cost (an unknown email still pays one
 *  argon2 verification), so sign-in does not reveal who has an account. */
export async function authenticateUser(deps: { db: Db; now: Date; sleep?: (ms: number) => Promise<void> }, input: AuthenticateUser): Promise<AuthenticateResult> {
  const parsed = AuthenticateUser.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password, ip } = parsed.data;
  const { db, now } = deps;
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const la = schema.loginAttempts;
  const [fails] = await db.select({
    byAccount: sql<number>`count(*) filter (where ${la.email} = ${email})`.mapWith(Number),
    byAccountAndIp: sql<number>`count(*) filter (where ${la.email} = ${email} and ${la.ip} is not distinct from ${ip ?? null})`.mapWith(Number),
    byIp: sql<number>`count(*) filter (where ${la.ip} = ${ip ?? ""})`.mapWith(Number),
  }).from(la)
    .where(and(eq(la.success, false), eq(la.throttled, false), gt(la.at, since),
      ip ? or(eq(la.email, email), eq(la.ip, ip)) : eq(la.email, email)));
  if ((fails?.byAccountAndIp ?? 0) >= THROTTLE.perAccountAndIp || (ip && (fails?.byIp ?? 0) >= THROTTLE.perIp)) {
    await db.insert(la).values({ email, ip: ip ?? null, success: false, throttled: true, at: now });
    return { ok: false, reason: "throttled" };
  }
  const delay = accountDelayMs(fails?.byAccount ?? 0);
  if (delay > 0) await (deps.sleep ?? wait)(delay);
  const [user] = await db.select().from(schema.users).where(eq(schema.users.email, email));
  const good = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !good) {
    await db.insert(la).values({ email, ip: ip ?? null, success: false, at: now });
    return { ok: false, reason: "invalid" };
  }
  if (!user.active) return { ok: false, reason: "inactive" };
  await db.transaction(async (tx) => {
    await tx.insert(la).values({ email, ip: ip ?? null, success: true, at: now });
    await tx.update(schema.users).set({ lastLoginAt: now }).where(eq(schema.users.id, user.id));
    await writeAudit(tx, { kind: "user", userId: user.id, role: user.role, teamId: user.teamId, label: user.email, ...(ip ? { ip } : {}) },
      { action: "user.sign_in", entityType: "user", entityId: user.id }, now);
  });
  return { ok: true, user: toSessionUser(user, await readUserTeamIds(db, user.id)) };
}

export function toSessionUser(user: typeof schema.users.$inferSelect, teamIds?: string[]): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, teamId: user.teamId, ...(teamIds ? { teamIds } : {}), locale: user.locale, timeZone: user.timeZone, staffNumber: user.staffNumber, sessionVersion: user.sessionVersion, passwordChangeRequired: user.passwordChangeRequired };
}

/** Recent failures, for tests and the admin page. */
export async function countRecentLoginFailures(db: Db, email: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [row] = await db.select({ n: count() }).from(schema.loginAttempts)
    .where(and(eq(schema.loginAttempts.email, email.toLowerCase()), eq(schema.loginAttempts.success, false), eq(schema.loginAttempts.throttled, false), gt(schema.loginAttempts.at, since)));
  return row?.n ?? 0;
}

/** The teams a user works in (user_teams, issue 14), primary team included. */
export async function readUserTeamIds(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db.select({ teamId: schema.userTeams.teamId }).from(schema.userTeams).where(eq(schema.userTeams.userId, userId));
  return rows.map((r) => r.teamId).sort();
}
