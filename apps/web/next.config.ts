import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { STATIC_SECURITY_HEADERS } from "./src/security-headers";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

const config: NextConfig = {
  // Internal packages are TypeScript source (CONVENTIONS.md): Next compiles them.
  transpilePackages: ["@casebook/domain", "@casebook/auth", "@casebook/ui", "@casebook/compliance", "@casebook/db", "@casebook/jobs", "@casebook/config"],
  // Native addon and the database driver stay plain Node requires.
  serverExternalPackages: ["@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() → 403 for the wrong role (requireRole).
  // The portal's dispute upload is checked at 5 MB by the domain; the action's body may carry a little more.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "6mb" } },
  typescript: { ignoreBuildErrors: false },
  // The static part of the security headers on every answer, static files included; the CSP with its
  // per-request nonce and HSTS come from src/proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default withNextIntl(config);
