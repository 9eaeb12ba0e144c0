import { z } from "zod";
import { ValidationError } from "../errors";

/** An opaque cursor: base64url JSON of the last row's sort key. A tampered one is a 400 naming `cursor`. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string | undefined | null): z.infer<S> | null {
  if (!cursor) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not base64url JSON
  }
  throw new ValidationError("cursor", "invalid_cursor");
}

export const PageLimit = z.coerce.number().int().min(1).max(200).default(50);
