import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

const config: NextConfig = {
  // Internal packages are TypeScript source (CONVENTIONS.md): Next compiles them.
  transpilePackages: ["@casebook/domain", "@casebook/auth", "@casebook/ui", "@casebook/compliance", "@casebook/db", "@casebook/jobs", "@casebook/config"],
  // Native addon and the database driver stay plain Node requires.
  serverExternalPackages: ["@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() → 403 for the wrong role (requireRole).
  experimental: { authInterrupts: true },
  typescript: { ignoreBuildErrors: false },
};

export default withNextIntl(config);
