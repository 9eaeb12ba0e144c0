import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, logSafeMessage } from "../src/logger";

describe("createLogger", () => {
  it("keeps its own name but redacts personal data wherever it sits", () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const log = createLogger("casebook-test", "info", sink);
    log.info({ phone: "+12125550101", person: { name: "Avery Testcase", email: "a@b.c" }, caseId: "c1" }, "hello");
    const line = JSON.parse(lines.at(-1) ?? "{}") as Record<string, unknown>;
    expect(line.name).toBe("casebook-test");
    expect(line.phone).toBe("[redacted]");
    expect(line.person).toEqual({ name: "[redacted]", email: "[redacted]" });
    expect(line.caseId).toBe("c1");
  });
});

// Issue 10: a failed query's parameters and PostgreSQL's quoted values never reach a log line.
describe("logSafeMessage", () => {
  it("cuts a failed query's parameters and quoted values, keeps the query shape and identifiers", () => {
    const pg = Object.assign(new Error('invalid input syntax for type uuid: "Avery Testcase +17185550101"'), { name: "PostgresError", code: "22P02" });
    const drizzle = Object.assign(new Error('Failed query: select "id" from "cases" where "cases"."id" = $1\nparams: Avery Testcase +17185550101'), { name: "DrizzleQueryError", cause: pg });
    const out = logSafeMessage(drizzle);
    expect(out).not.toMatch(/Avery|Testcase|7185550101/);
    expect(out).toContain('select "id" from "cases" where "cases"."id" = $1');
    expect(out).toContain("22P02");
  });

  it("cuts the key values of a constraint violation", () => {
    const e = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), { code: "23505", detail: "Key (email)=(avery@example.com) already exists." });
    expect(logSafeMessage(e)).toContain("users_email_unique");
    expect(logSafeMessage(new Error("Key (email)=(avery@example.com) already exists."))).not.toContain("avery@example.com");
  });
});
