import pino, { type DestinationStream, type Logger } from "pino";

// Personal data never reaches a log line: anything that looks like it is redacted by key,
// wherever it sits in the object. Log ids, never names, numbers or addresses.
export const REDACTED_KEYS = [
  "name", "fullName", "firstName", "lastName", "phone", "number", "email", "address", "addressLine",
  "postalCode", "body", "text", "password", "passwordHash", "token", "secret", "authorization", "cookie",
  "dateOfBirth", "ssn", "nationalId",
];

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
