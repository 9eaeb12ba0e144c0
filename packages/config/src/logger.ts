import pino, { type DestinationStream, type Logger } from "pino";

// Personal data never reaches a log line: anything that looks like it is redacted by key,
// wherever it sits in the object. Log ids, never names, numbers or addresses.
export const REDACTED_KEYS = [
  "name", "fullName", "firstName", "lastName", "givenName", "familyName", "phone", "number", "email", "address",
  "addressLine", "line1", "line2", "city", "postalCode", "value", "body", "text", "password", "passwordHash",
  "token", "secret", "authorization", "cookie", "dateOfBirth", "ssn", "nationalId", "params",
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * An error's message fit for a log line. A failed query's message carries its parameters (drizzle:
 * "Failed query: … params: +17185550101,Avery Testcase") and PostgreSQL quotes the offending value
 * ('invalid input syntax for type uuid: "…"', 'Key (email)=(…) already exists'): the parameters and
 * the detail are cut, and quoted values that are not identifiers are replaced.
 */
export function logSafeMessage(error: unknown): string {
  if (!(error instanceof Error)) return "non-error thrown";
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const first = (e.message.split(/\nparams:/)[0] ?? "").split("\n")[0] ?? "";
    const code = (e as { code?: unknown }).code;
    parts.push(`${e.name}${typeof code === "string" ? ` ${code}` : ""}: ${first}`);
  }
  return parts
    .join(" ← ")
    .replace(/"([^"]*)"/g, (m, inner: string) => (IDENTIFIER.test(inner) ? m : '"[redacted]"'))
    .replace(/=\([^)]*\)/g, "=([redacted])")
    .slice(0, 500);
}

export function createLogger(name: string, level: string = "info", destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: {
      // Top-level `name` is pino's own logger name; a nested `name` is a person's.
      paths: REDACTED_KEYS.flatMap((key) => (key === "name" ? [`*.${key}`, `*.*.${key}`] : [key, `*.${key}`, `*.*.${key}`])),
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
