import { and, desc, eq, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { schema as s, type DbOrTx } from "@casebook/db";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { RateLimitedError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { IsoDate } from "../cases/dates";
import { maskContactPoint } from "../persons/mask";
import { debtorActor } from "./portal-actor";

/** A code lives this long; a person may ask for this many codes an hour (an SMS bomb is not a sign-in). */
export const PORTAL_CODE_TTL_MS = 10 * 60_000;
export const PORTAL_CODES_PER_HOUR = 5;

export const StartPortalSignIn = z.object({
  /** A reference code from a message or letter, or the account reference the creditor gave. */
  identifier: z.string().trim().min(4, "required").max(64).transform((v) => v.replace(/\s/g, "")),
  /** The date of birth ("YYYY-MM-DD") or the last four digits of the account reference. */
  secret: z.string().trim().min(4, "required").max(10),
  channel: z.enum(["sms", "email"]),
});
export type StartPortalSignIn = z.input<typeof StartPortalSignIn>;

/**
 * The portal's identity check: the identifier names a person (the addressee of a contact we made, or the
 * debtor of an account), the secret proves it (their date of birth, or the last four characters of one of
 * their account references). Then a one-time code goes to one of the person's own valid contact points,
 * never to an address typed here: the worker draws it, stores its hash and sends it (the job carries the
 * sign-in's id only). A mismatch says nothing about which half was wrong.
 */
export async function startPortalSignIn(ctx: DomainContext, input: StartPortalSignIn): Promise<{ signInId: string; sentTo: string }> {
  const p = parseInput(StartPortalSignIn, input);
  const personId = await matchIdentity(ctx.db, p.identifier, p.secret);
  if (!personId) throw new ValidationError("identifier", "portal_identity_not_matched");
  const signIn = await ctx.db.transaction(async (tx) => {
    const [recent] = await tx.select({ n: sql<number>`count(*)::int` }).from(s.portalSignIns)
      .where(and(eq(s.portalSignIns.personId, personId), gte(s.portalSignIns.createdAt, new Date(ctx.now.getTime() - 3_600_000))));
    if ((recent?.n ?? 0) >= PORTAL_CODES_PER_HOUR) throw new RateLimitedError(60);
    const point = await destination(tx, personId, p.channel);
    if (!point) throw new ValidationError("channel", "portal_no_contact_point", { channel: p.channel });
    const [row] = await tx.insert(s.portalSignIns).values({
      personId, contactPointId: point.id, channel: p.channel, expiresAt: new Date(ctx.now.getTime() + PORTAL_CODE_TTL_MS), createdAt: ctx.now,
    }).returning({ id: s.portalSignIns.id });
    await writeAudit(tx, debtorActor(personId), { action: "portal.code_requested", entityType: "portal_sign_in", entityId: row!.id, personId, details: { channel: p.channel, contactPointId: point.id } }, ctx.now);
    return { signInId: row!.id, sentTo: maskContactPoint(point) };
  });
  // After the commit: the worker finds the row. An enqueue failure reaches the debtor, who asks again.
  await ctx.enqueue.sendPortalCode({ signInId: signIn.signInId, channel: p.channel });
  return signIn;
}

async function matchIdentity(db: DbOrTx, identifier: string, secret: string): Promise<string | null> {
  const code = identifier.replace(/-/g, "").toUpperCase();
  // The person a contact was made to about their own debts (never a third party's code: an emergency
  // contact holds a code too, and must not open the debtor's portal).
  const byCode = await db.execute<{ person_id: string }>(sql`
    select a.person_id from contact_attempts a where a.reference_code = ${code} and a.direction = 'outbound' and a.party_person_id = a.person_id limit 1`);
  const byAccount = await db.select({ personId: s.cases.personId }).from(s.accounts).innerJoin(s.cases, eq(s.cases.id, s.accounts.caseId))
    .where(eq(s.accounts.clientReference, identifier)).limit(5);
  const candidates = [...new Set([...byCode.map((r) => r.person_id), ...byAccount.map((r) => r.personId)])];
  for (const personId of candidates) {
    const [person] = await db.select({ dateOfBirth: s.persons.dateOfBirth }).from(s.persons).where(eq(s.persons.id, personId));
    if (IsoDate.test(secret) && person?.dateOfBirth === secret) return personId;
    if (/^[0-9A-Za-z]{4}$/.test(secret)) {
      const refs = await db.select({ ref: s.accounts.clientReference }).from(s.accounts).innerJoin(s.cases, eq(s.cases.id, s.accounts.caseId)).where(eq(s.cases.personId, personId));
      if (refs.some((r) => r.ref.slice(-4).toUpperCase() === secret.toUpperCase())) return personId;
    }
  }
  return null;
}

/** The person's own primary valid mobile (SMS) or email, else any valid one. */
async function destination(tx: DbOrTx, personId: string, channel: "sms" | "email") {
  const cp = s.contactPoints;
  const rows = await tx.select().from(cp)
    .where(and(eq(cp.personId, personId), eq(cp.status, "valid"), channel === "sms" ? and(eq(cp.kind, "phone"), eq(cp.phoneType, "mobile")) : eq(cp.kind, "email")))
    .orderBy(desc(cp.isPrimary), cp.createdAt).limit(1);
  return rows[0] ?? null;
}
