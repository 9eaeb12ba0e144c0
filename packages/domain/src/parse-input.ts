import type { z } from "zod";
import { validationErrorFrom } from "./errors";

/** Parses a verb's input with its schema; a failure names the first bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  // reportInput: the mapper tells an empty field ("required") from a short one; the input never leaves it.
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw validationErrorFrom(parsed.error);
  return parsed.data;
}
