import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { debtorActor, domainContext, resolvePortalSession, type DomainContext } from "@casebook/domain";
import { appInfra } from "@/lib/infra";
import { readPortalEnv } from "./env";

/**
 * The debtor's session cookie: its own name, path, lifetime and signing secret (PORTAL_SESSION_SECRET),
 * never Auth.js's. The value is the portal session's id and an HMAC of it; the session row decides
 * whether it is still alive (20 minutes, ended by signing out). Scoped to /portal: it is never even sent
 * to the console's pages, and the console's guards read Auth.js's cookie only.
 */
export const PORTAL_COOKIE = "casebook_portal";

function sign(id: string): string {
  return createHmac("sha256", readPortalEnv().sessionSecret).update(`portal-session:${id}`).digest("base64url");
}

function unsign(value: string | undefined): string | null {
  if (!value) return null;
  const [id, mac] = value.split(".");
  if (!id || !mac) return null;
  const expected = Buffer.from(sign(id));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

/** SameSite=Lax, not Strict: the payment provider's hosted checkout sends the debtor back to
 *  /portal/home by a cross-site redirect, which a Strict cookie would not follow (the debtor would land
 *  signed out). Lax still keeps the cookie off every cross-site POST, and server actions check Origin. */
export async function setPortalCookie(sessionId: string, expiresAt: Date): Promise<void> {
  const secure = (await headers()).get("x-forwarded-proto") === "https" || readPortalEnv().AUTH_URL.startsWith("https:");
  (await cookies()).set(PORTAL_COOKIE, `${sessionId}.${sign(sessionId)}`, { httpOnly: true, sameSite: "lax", secure, path: "/portal", expires: expiresAt });
}

export async function clearPortalCookie(): Promise<void> {
  (await cookies()).set(PORTAL_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/portal", maxAge: 0 });
}

/** The session id of the request's valid cookie (signature only; the row is checked by portalContext). */
export async function portalSessionId(): Promise<string | null> {
  return unsign((await cookies()).get(PORTAL_COOKIE)?.value);
}

/** The signed-in debtor's domain context, or a redirect to the portal's sign-in. */
export async function portalContext(): Promise<DomainContext> {
  const id = await portalSessionId();
  const infra = appInfra();
  const session = id ? await resolvePortalSession({ db: infra.db, now: infra.clock() }, id) : null;
  if (!session) redirect("/portal?expired=1");
  return domainContext(infra, debtorActor(session.personId));
}
