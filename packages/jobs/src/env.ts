import { z } from "zod";
import { parseEnv, type EnvSource } from "@casebook/config/env";

const JobsEnv = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// URL").default("redis://127.0.0.1:6379"),
  /** Every key this process writes starts with it: tests and benches use a unique prefix per run. */
  CASEBOOK_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "CASEBOOK_QUEUE_PREFIX: 1-64 characters of [A-Za-z0-9_.-]")
    .default("casebook"),
});
export type JobsEnv = z.infer<typeof JobsEnv>;

export function readJobsEnv(source: EnvSource = process.env): JobsEnv {
  return parseEnv(JobsEnv, source);
}
