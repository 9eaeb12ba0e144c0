import pino, { type Logger } from "pino";

// Personal data never reaches a log line: anything that looks like it is redacted by key,
// wherever it sits in the object. Log ids, never names, numbers or addresses.
export const REDACTED_KEYS = [
  "name", "fullName", "firstName", "lastName", "phone", "number", "email", "address", "addressLine",
  "postalCode", "body", "text", "password", "passwordHash", "token", "secret", "authorization", "cookie",
  "dateOfBirth", "ssn", "nationalId",
];

export function createLogger(name: string, level: string = "info"): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
      censor: "[redacted]",
    },
  });
}

export type { Logger };
