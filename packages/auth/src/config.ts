import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authenticateUser, findUserForOidc, getAppDb, resolveSessionUser, signOutUser, type SessionUser } from "@casebook/domain";
import { clientIp as clientIpBehind, parseTrustedProxies } from "./client-ip";
import { oidcEnabled, readAuthEnv } from "./env";
import { logSafeMessage } from "@casebook/config";

class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}
class InvalidSignin extends CredentialsSignin {
  override code = "invalid";
}

const env = readAuthEnv();
const trustedProxies = parseTrustedProxies(env.AUTH_TRUSTED_PROXIES);

/** The real client address of a request (client-ip.ts), behind the configured proxies only. */
export function clientIp(headers: Headers): string | null {
  return clientIpBehind(headers, trustedProxies);
}

const providers: NextAuthConfig["providers"] = [
  Credentials({
    id: "credentials",
    credentials: { email: { type: "email" }, password: { type: "password" } },
    async authorize(credentials, request) {
      const result = await authenticateUser({ db: getAppDb(), now: new Date() }, {
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

export const authConfig = {
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
      await signOutUser({
        db: getAppDb(), now: new Date(),
        actor: { kind: "user", userId: held.id, role: held.role, teamId: held.teamId, label: held.email },
      }).catch(() => {
        // The user may be gone already; the cookie is cleared either way.
      });
    },
  },
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      // OIDC maps to an existing Casebook user by verified email; nobody self-registers.
      return user.email ? (await findUserForOidc(getAppDb(), user.email)) !== null : false;
    },
    async jwt({ token, user, account }) {
      if (user) {
        const u = account?.provider === "oidc" && user.email ? await findUserForOidc(getAppDb(), user.email) : (user as unknown as SessionUser);
        if (u) token.user = u;
        return token;
      }
      // Every later read of the session (a page, an action, a route handler, the session endpoint)
      // asks the database: a user deactivated, given another role, reset or signed out elsewhere has
      // a newer session version, and this token ends here instead of being re-signed and extended.
      const held = token.user as SessionUser | undefined;
      if (!held?.id) return null;
      const current = await resolveSessionUser(getAppDb(), { id: held.id, sessionVersion: held.sessionVersion });
      if (!current) return null;
      token.user = current;
      return token;
    },
    async session({ session, token }) {
      return { ...session, user: token.user as SessionUser } as unknown as typeof session;
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(authConfig);
