import { createHash, randomInt } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import type { OutreachChannels } from "../outreach/delivery/channels-port";
import { debtorActor } from "./portal-actor";

/** The stored form of a code: bound to its sign-in, so one hash never matches another sign-in's code. */
export function hashPortalCode(signInId: string, code: string): string {
  return createHash("sha256").update(`${signInId}:${code}`).digest("hex");
}

const TEXT = {
  en: (code: string, ref: string) => `Your Casebook portal code is ${code}. It expires in 10 minutes. Nobody from the agency will ask you for it. Ref ${ref}.`,
  "zh-CN": (code: string, ref: string) => `您的 Casebook 自助门户验证码为 ${code}，10 分钟内有效。本机构工作人员不会向您索取此验证码。参考编号 ${ref}。`,
} as const;

/**
 * The worker's half of a portal sign-in: draws a six-digit code (CSPRNG), stores only its hash, sends it
 * to the contact point the sign-in chose, once (the sign-in's id is the provider's idempotency key).
 * Not a collection contact: it goes through no gate and into no ledger, only the audit trail.
 */
export async function sendPortalCode(ctx: DomainContext, input: { signInId: string }, channels: Pick<OutreachChannels, "sms" | "email">): Promise<{ sent: boolean }> {
  const [row] = await ctx.db.select({ signIn: s.portalSignIns, point: s.contactPoints, language: s.persons.preferredLanguage }).from(s.portalSignIns)
    .innerJoin(s.contactPoints, eq(s.contactPoints.id, s.portalSignIns.contactPointId)).innerJoin(s.persons, eq(s.persons.id, s.portalSignIns.personId))
    .where(eq(s.portalSignIns.id, input.signInId));
  if (!row || row.signIn.sentAt || row.signIn.usedAt || row.signIn.expiresAt <= ctx.now) return { sent: false };
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  // The hash is stored before the code leaves: a code that was sent can always be checked.
  const claimed = await ctx.db.update(s.portalSignIns).set({ codeHash: hashPortalCode(row.signIn.id, code), sentAt: ctx.now })
    .where(and(eq(s.portalSignIns.id, row.signIn.id), isNull(s.portalSignIns.sentAt))).returning({ id: s.portalSignIns.id });
  if (claimed.length === 0) return { sent: false };
  const language = row.language === "zh-CN" ? "zh-CN" : "en";
  // The adapters refuse a message that does not print its reference: the sign-in's own, not a ledger code.
  const ref = `P${row.signIn.id.replace(/-/g, "").slice(0, 7).toUpperCase()}`;
  const text = TEXT[language](code, ref);
  if (row.signIn.channel === "sms") await channels.sms.send({ channel: "sms", to: row.point.value, text, referenceCode: ref, language }, { idempotencyKey: row.signIn.id });
  else await channels.email.send({ channel: "email", to: row.point.value, subject: language === "zh-CN" ? "您的门户验证码" : "Your portal code", text, referenceCode: ref, language }, { idempotencyKey: row.signIn.id });
  await writeAudit(ctx.db, debtorActor(row.signIn.personId), { action: "portal.code_sent", entityType: "portal_sign_in", entityId: row.signIn.id, personId: row.signIn.personId, details: { channel: row.signIn.channel } }, ctx.now);
  return { sent: true };
}
