import { and, count, eq, gt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { schema, verifyPassword, type Db } from "@casebook/db";
import { writeAudit } from "../audit";
import type { Role } from "../context";

export const AuthenticateUser = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
  ip: z.string().max(100).nullish(),
});
export type AuthenticateUser = z.input<typeof AuthenticateUser>;

/** 5 failures in 15 minutes for one email, or 20 from one address, refuse further tries for a while. */
export const THROTTLE = { windowMinutes: 15, perEmail: 5, perIp: 20 } as const;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  locale: "en" | "zh-CN";
  timeZone: string;
  staffNumber: string;
}

export type AuthenticateResult = { ok: true; user: SessionUser } | { ok: false; reason: "invalid" | "throttled" | "inactive" };

/** Checks a password sign-in. Every try is a login_attempts row; the throttle reads them. The answer to a
 *  wrong email and a wrong password is the same, so sign-in does not reveal who has an account. */
export async function authenticateUser(deps: { db: Db; now: Date }, input: AuthenticateUser): Promise<AuthenticateResult> {
  const parsed = AuthenticateUser.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password, ip } = parsed.data;
  const { db, now } = deps;
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [fails] = await db.select({
    byEmail: sql<number>`count(*) filter (where ${schema.loginAttempts.email} = ${email})`.mapWith(Number),
    byIp: sql<number>`count(*) filter (where ${schema.loginAttempts.ip} = ${ip ?? ""})`.mapWith(Number),
  }).from(schema.loginAttempts)
    .where(and(eq(schema.loginAttempts.success, false), gt(schema.loginAttempts.at, since),
      ip ? or(eq(schema.loginAttempts.email, email), eq(schema.loginAttempts.ip, ip)) : eq(schema.loginAttempts.email, email)));
  if ((fails?.byEmail ?? 0) >= THROTTLE.perEmail || (ip && (fails?.byIp ?? 0) >= THROTTLE.perIp)) {
    await db.insert(schema.loginAttempts).values({ email, ip: ip ?? null, success: false, at: now });
    return { ok: false, reason: "throttled" };
  }
  const [user] = await db.select().from(schema.users).where(eq(schema.users.email, email));
  const good = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !good) {
    await db.insert(schema.loginAttempts).values({ email, ip: ip ?? null, success: false, at: now });
    return { ok: false, reason: "invalid" };
  }
  if (!user.active) return { ok: false, reason: "inactive" };
  await db.transaction(async (tx) => {
    await tx.insert(schema.loginAttempts).values({ email, ip: ip ?? null, success: true, at: now });
    await tx.update(schema.users).set({ lastLoginAt: now }).where(eq(schema.users.id, user.id));
    await writeAudit(tx, { kind: "user", userId: user.id, role: user.role, teamId: user.teamId, label: user.email, ...(ip ? { ip } : {}) },
      { action: "user.sign_in", entityType: "user", entityId: user.id }, now);
  });
  return { ok: true, user: toSessionUser(user) };
}

export function toSessionUser(user: typeof schema.users.$inferSelect): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, teamId: user.teamId, locale: user.locale, timeZone: user.timeZone, staffNumber: user.staffNumber };
}

/** Recent failures, for tests and the admin page. */
export async function countRecentLoginFailures(db: Db, email: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [row] = await db.select({ n: count() }).from(schema.loginAttempts)
    .where(and(eq(schema.loginAttempts.email, email.toLowerCase()), eq(schema.loginAttempts.success, false), gt(schema.loginAttempts.at, since)));
  return row?.n ?? 0;
}
