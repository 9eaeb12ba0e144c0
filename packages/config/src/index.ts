export { createLogger, logSafeMessage, REDACTED_KEYS, type Logger } from "./logger";
