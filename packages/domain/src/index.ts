export * from "./context";
export * from "./errors";
export { writeAudit, type AuditEntry } from "./audit";
export { parseInput } from "./parse-input";
