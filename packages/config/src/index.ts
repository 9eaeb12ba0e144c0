export { createLogger, REDACTED_KEYS, type Logger } from "./logger";
