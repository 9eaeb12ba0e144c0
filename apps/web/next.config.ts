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
  experimental: {
    authInterrupts: true,
    serverActions: { bodySizeLimit: "6mb" },
    // The build's file-system cache speeds up the next build on this machine; a CI run builds once
    // from a fresh clone and would only pay for writing it (37 s of a 148 s build).
    turbopackFileSystemCacheForBuild: process.env.CI !== "true",
  },
  // Types are checked by the `typecheck` task (`next typegen && tsc --noEmit`: the same route and page
  // validators the build would run), which `pnpm test` runs beside the build: checking them twice
  // cost 46 s of the build's CPU.
  typescript: { ignoreBuildErrors: true },
  // The static part of the security headers on every answer, static files included; the CSP with its
  // per-request nonce and HSTS come from src/proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default withNextIntl(config);
