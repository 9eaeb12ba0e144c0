import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authenticateUser, findUserForOidc, getAppDb, type SessionUser } from "@casebook/domain";
import { oidcEnabled, readAuthEnv } from "./env";

class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}
class InvalidSignin extends CredentialsSignin {
  override code = "invalid";
}

export function clientIp(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || null;
}

const env = readAuthEnv();

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
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  trustHost: true,
  // A wrong password is an expected answer, not a server error: keep it out of the error log.
  logger: {
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      // OIDC maps to an existing Casebook user by verified email; nobody self-registers.
      return user.email ? (await findUserForOidc(getAppDb(), user.email)) !== null : false;
    },
    async jwt({ token, user, account, trigger, session }) {
      if (user) {
        const u = account?.provider === "oidc" && user.email ? await findUserForOidc(getAppDb(), user.email) : (user as unknown as SessionUser);
        if (u) token.user = u;
      }
      if (trigger === "update" && token.user && session && typeof session === "object" && "locale" in session) {
        const locale = (session as { locale: unknown }).locale;
        if (locale === "en" || locale === "zh-CN") token.user = { ...(token.user as SessionUser), locale };
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, user: token.user as SessionUser } as unknown as typeof session;
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(authConfig);
