import { z } from "zod";

// The creditor API's own limits (issue 16): requests per key per window, and the largest JSON body.
const ApiEnv = z.object({
  API_RATE_LIMIT: z.coerce.number().int().positive().default(600),
  API_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  API_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024),
});
export type ApiEnv = z.infer<typeof ApiEnv>;

export function readApiEnv(): ApiEnv {
  return ApiEnv.parse(process.env);
}
