import { z } from "zod";
import { parseEnv, type EnvSource } from "@casebook/config/env";

// Development values, so a fresh checkout talks to the local sinks (CONVENTIONS.md, "Environment").
export const DEV_PROVIDER_API_KEY = "dev-provider-api-key";
export const DEV_PROVIDER_SIGNING_SECRET = "dev-provider-signing-secret";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const ChannelsEnv = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).default("smtp://127.0.0.1:2525"),
    EMAIL_FROM: z.string().min(3).default("Casebook <no-reply@casebook.local>"),
    PROVIDER_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:4010"),
    PROVIDER_API_KEY: z.string().min(1).default(DEV_PROVIDER_API_KEY),
    PROVIDER_SIGNING_SECRET: z.string().min(16).default(DEV_PROVIDER_SIGNING_SECRET),
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    LETTER_DIR: z.string().min(1).default("var/letters"),
    /** A .ttf/.otf/.ttc with CJK glyphs; unset: search the Debian font paths; "none": Helvetica only. */
    LETTER_FONT_PATH: optionalString,
    /** PostScript name of the face inside a .ttc (e.g. WenQuanYiMicroHei). */
    LETTER_FONT_FAMILY: optionalString,
    LETTER_LETTERHEAD: z.string().min(1).default("Casebook Collections"),
    /** Extra letterhead lines (address, phone), separated by "|". */
    LETTER_LETTERHEAD_LINES: z.string().default(""),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    // A production deploy that forgot its secrets must not start signing with a public value.
    if (env.PROVIDER_API_KEY === DEV_PROVIDER_API_KEY) ctx.addIssue({ code: "custom", path: ["PROVIDER_API_KEY"], message: "set a real provider API key in production" });
    if (env.PROVIDER_SIGNING_SECRET === DEV_PROVIDER_SIGNING_SECRET) {
      ctx.addIssue({ code: "custom", path: ["PROVIDER_SIGNING_SECRET"], message: "set a real signing secret in production" });
    }
  });
export type ChannelsEnv = z.infer<typeof ChannelsEnv>;

export function parseChannelsEnv(source: EnvSource = process.env): ChannelsEnv {
  return parseEnv(ChannelsEnv, source);
}
