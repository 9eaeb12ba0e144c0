import { timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { hashPortalCode } from "./send-portal-code";
import { debtorActor } from "./portal-actor";

/** Wrong codes a sign-in takes before it is dead (1 in 200,000 to guess a six-digit code in five tries). */
export const PORTAL_CODE_ATTEMPTS = 5;
/** A portal session is short: a shared phone or a café computer forgets it soon. */
export const PORTAL_SESSION_MS = 20 * 60_000;

export const ConfirmPortalSignIn = z.object({
  signInId: z.uuid("portal_code_wrong"),
  code: z.string().trim().regex(/^\d{6}$/, "portal_code_wrong"),
});

/** Checks the one-time code (hashed, expiring, attempt-limited, used once) and opens a portal session. */
export async function confirmPortalSignIn(ctx: DomainContext, input: z.input<typeof ConfirmPortalSignIn>): Promise<{ sessionId: string; personId: string; expiresAt: Date }> {
  const p = parseInput(ConfirmPortalSignIn, input);
  const result = await ctx.db.transaction(async (tx) => {
    // Count the attempt first, atomically: parallel guesses cannot exceed the limit.
    const [row] = await tx.update(s.portalSignIns).set({ attempts: sql`${s.portalSignIns.attempts} + 1` })
      .where(and(eq(s.portalSignIns.id, p.signInId), isNull(s.portalSignIns.usedAt), gt(s.portalSignIns.expiresAt, ctx.now)))
      .returning();
    if (!row || !row.codeHash || row.attempts > PORTAL_CODE_ATTEMPTS) return null;
    const expected = Buffer.from(row.codeHash, "hex");
    const given = Buffer.from(hashPortalCode(row.id, p.code), "hex");
    if (!timingSafeEqual(expected, given)) {
      await writeAudit(tx, debtorActor(row.personId), { action: "portal.code_wrong", entityType: "portal_sign_in", entityId: row.id, personId: row.personId, details: { attempts: row.attempts } }, ctx.now);
      return null;
    }
    await tx.update(s.portalSignIns).set({ usedAt: ctx.now }).where(eq(s.portalSignIns.id, row.id));
    const expiresAt = new Date(ctx.now.getTime() + PORTAL_SESSION_MS);
    const [session] = await tx.insert(s.portalSessions).values({ personId: row.personId, signInId: row.id, expiresAt, createdAt: ctx.now }).returning({ id: s.portalSessions.id });
    await writeAudit(tx, debtorActor(row.personId), { action: "portal.sign_in", entityType: "portal_session", entityId: session!.id, personId: row.personId, details: { channel: row.channel } }, ctx.now);
    return { sessionId: session!.id, personId: row.personId, expiresAt };
  });
  // Outside the transaction: a wrong code's attempt count and audit row are kept.
  if (!result) throw new ValidationError("code", "portal_code_wrong");
  return result;
}

/** The debtor behind a portal session id, or null when it is unknown, ended or expired. */
export async function resolvePortalSession(ctx: Pick<DomainContext, "db" | "now">, sessionId: string): Promise<{ personId: string; expiresAt: Date } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [row] = await ctx.db.select({ personId: s.portalSessions.personId, expiresAt: s.portalSessions.expiresAt }).from(s.portalSessions)
    .where(and(eq(s.portalSessions.id, sessionId), isNull(s.portalSessions.endedAt), gt(s.portalSessions.expiresAt, ctx.now)));
  return row ?? null;
}

/** Signing out ends the session at once (the cookie alone proves nothing after this). */
export async function endPortalSession(ctx: DomainContext, sessionId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return;
  const rows = await ctx.db.update(s.portalSessions).set({ endedAt: ctx.now }).where(and(eq(s.portalSessions.id, sessionId), isNull(s.portalSessions.endedAt))).returning({ personId: s.portalSessions.personId });
  if (rows[0]) await writeAudit(ctx.db, debtorActor(rows[0].personId), { action: "portal.sign_out", entityType: "portal_session", entityId: sessionId, personId: rows[0].personId }, ctx.now);
}
