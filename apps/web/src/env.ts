import { z } from "zod";

const WebEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().default(3000),
  /** Test-only: shifts the domain clock (ctx.now) by this many milliseconds, so the Playwright suite can
   *  run at a fixed local time of day whatever the hour of the CI run (calling hours are rules). */
  CASEBOOK_CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
});

export const env = WebEnv.parse(process.env);
