import { z } from "zod";

const WebEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().default(3000),
    /**
     * The worker's controllable clock (apps/worker/src/env.ts), honoured by the web only under the
     * Playwright suite (CASEBOOK_E2E=1; `next start` always runs as production): ctx.now is
     * CASEBOOK_CLOCK_START + (real time since CASEBOOK_CLOCK_EPOCH_MS), so the suite runs at a fixed
     * local time of day whatever the hour of the CI run (calling hours are rules).
     */
    CASEBOOK_E2E: z.stringbool().default(false),
    CASEBOOK_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
    CASEBOOK_CLOCK_EPOCH_MS: z.coerce.number().int().positive().optional(),
    /** Where the worker's letter adapter stores the PDFs it sent (packages/channels): the evidence
     *  bundle reads them. Give both processes the same absolute path in production. */
    LETTER_DIR: z.string().min(1).default("var/letters"),
    /** The import disk (issue 16): uploaded placement and recall files, one per upload, named by its id.
     *  The worker reads them by the absolute path stored on the run: give web and worker the same disk. */
    IMPORT_DIR: z.string().min(1).default("var/imports"),
    /** The largest file the console's upload takes (a 1,000,000-row placement file is about 150 MB). */
    IMPORT_MAX_MB: z.coerce.number().int().positive().default(1024),
    /** Set by Next.js while `next build` runs (instrumentation.ts checks no database then). */
    NEXT_PHASE: z.string().optional(),
    /** /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it answers 404 (the
     *  console faces the public: its metrics are never open). The worker's port honours it too. */
    METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN: at least 16 characters").optional(),
  })
  .superRefine((env, ctx) => {
    if (env.CASEBOOK_CLOCK_START && !env.CASEBOOK_E2E) ctx.addIssue({ code: "custom", path: ["CASEBOOK_CLOCK_START"], message: "a simulated clock needs CASEBOOK_E2E=1" });
  });

export const env = WebEnv.parse(process.env);
