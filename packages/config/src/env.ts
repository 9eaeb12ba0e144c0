import type { z } from "zod";

export type EnvSource = Record<string, string | undefined>;

/** Every package validates its own variables at start-up with this: a bad value fails fast with the
 *  variable's name and the reason, never its value (it may be a secret). */
export function parseEnv<S extends z.ZodType>(schema: S, source: EnvSource): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${detail}`);
  }
  return parsed.data;
}
