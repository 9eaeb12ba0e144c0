import NextAuth, { CredentialsSignin, type NextAuthConfig, type NextAuthResult } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authenticateUser, domainContext, findUserForOidc, resolveSessionUser, signOutUser, type DomainInfra, type SessionUser } from "@casebook/domain";
import { oidcEnabled, readAuthEnv } from "./env";
import { logSafeMessage } from "@casebook/config";
import { createGuards } from "./guards";
import { clientIp } from "./request-ip";

class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}
class InvalidSignin extends CredentialsSignin {
  override code = "invalid";
}

const env = readAuthEnv();

/**
 * Auth.js over the web app's infrastructure (apps/web/src/lib/infra.ts): the app builds it once and
 * hands it in, so sign-in, session checks and sign-out use the app's one database pool and clock.
 * The return type is spelled out: the package's declarations (tsc -b) cannot name next-auth's internal
 * handler types that the inferred type would need.
 */
export function createAuth(infra: () => DomainInfra): NextAuthResult & ReturnType<typeof createGuards> {
  const nextAuth = NextAuth(authConfig(infra));
  return { ...nextAuth, ...createGuards(() => nextAuth.auth()) };
}

function authConfig(infra: () => DomainInfra) {
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      id: "credentials",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const result = await authenticateUser({ db: infra().db, now: infra().clock() }, {
          email: String(credentials?.email ?? ""),
          password: String(credentials?.password ?? ""),
          ip: request ? clientIp(request.headers) : null,
        });
        if (!result.ok) throw result.reason === "throttled" ? new ThrottledSignin() : new InvalidSignin();
        return { ...result.user };
      },
    }),
  ];
  if (oidcEnabled(env)) {
    providers.push({
      id: "oidc", name: env.AUTH_OIDC_NAME, type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER, clientId: env.AUTH_OIDC_ID, clientSecret: env.AUTH_OIDC_SECRET,
    });
  }

  return {
    providers,
    secret: env.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    trustHost: true,
    // A wrong password is an expected answer, not a server error: keep it out of the error log.
    logger: {
      error(error) {
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        console.error(`[auth] ${logSafeMessage(error)}`);
      },
    },
    events: {
      // Signing out ends every session of the user, not only this browser's cookie.
      async signOut(message) {
        const held = "token" in message ? (message.token?.user as SessionUser | undefined) : undefined;
        if (!held?.id) return;
        await signOutUser(domainContext(infra(), { kind: "user", userId: held.id, role: held.role, teamId: held.teamId, label: held.email })).catch(() => {
          // The user may be gone already; the cookie is cleared either way.
        });
      },
    },
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        // OIDC maps to an existing Casebook user by verified email; nobody self-registers.
        return user.email ? (await findUserForOidc(infra().db, user.email)) !== null : false;
      },
      async jwt({ token, user, account }) {
        if (user) {
          const u = account?.provider === "oidc" && user.email ? await findUserForOidc(infra().db, user.email) : (user as unknown as SessionUser);
          if (u) token.user = u;
          return token;
        }
        // Every later read of the session (a page, an action, a route handler, the session endpoint)
        // asks the database: a user deactivated, given another role, reset or signed out elsewhere has
        // a newer session version, and this token ends here instead of being re-signed and extended.
        const held = token.user as SessionUser | undefined;
        if (!held?.id) return null;
        const current = await resolveSessionUser(infra().db, { id: held.id, sessionVersion: held.sessionVersion });
        if (!current) return null;
        token.user = current;
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: token.user as SessionUser } as unknown as typeof session;
      },
    },
  } satisfies NextAuthConfig;
}
