import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger";

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
