import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CheckDecision } from "../src/index";
import { baseRequest, daily } from "./helpers";

// The real command, as any tool would run it: `pnpm -s compliance:check` from the repository root.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

function runCommand(stdin: string) {
  const r = spawnSync("pnpm", ["-s", "compliance:check"], { cwd: root, input: stdin, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The script the command runs (`tsx src/cli/check.ts`), without the two pnpm processes in front of
 *  it: a third of the time. The first test runs the whole command. */
function runCheck(stdin: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: packageDir, input: stdin, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each spawn starts tsx (and the first, pnpm twice): seconds on a loaded machine, hence the generous timeout.
describe("pnpm -s compliance:check", { timeout: 60_000 }, () => {
  it("answers a batch with an array of decisions in the same order, exit 0, nothing else on stdout (the command itself)", () => {
    const allow = baseRequest();
    const defer = baseRequest();
    defer.history = daily("2026-06-04", 7, "14:00:00Z");
    const block = baseRequest();
    block.consumer.flags = { cease: true };
    const ma = baseRequest();
    ma.ruleSet = "US-MA";
    const { status, stdout, stderr } = runCommand(JSON.stringify([allow, defer, block, ma]));
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout.endsWith("\n")).toBe(true);
    const decisions = CheckDecision.array().parse(JSON.parse(stdout));
    expect(decisions.map((d) => d.decision)).toEqual(["allow", "defer", "block", "allow"]);
    expect(decisions[1]).toMatchObject({ notBefore: "2026-06-11T12:00:00.000Z", results: [{ rule: "US-REGF-FREQ-7IN7", outcome: "defer" }] });
  });

  it("applies the request's policy, and refuses one that loosens with exit 2 naming the parameter", () => {
    const seventh = { ...baseRequest(), history: daily("2026-06-04", 6, "14:00:00Z") };
    const capped = runCheck(JSON.stringify([seventh, { ...seventh, policy: { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 6 } } } }]));
    expect(capped.status).toBe(0);
    expect(CheckDecision.array().parse(JSON.parse(capped.stdout)).map((d) => d.decision)).toEqual(["allow", "defer"]);
    const loose = runCheck(JSON.stringify({ ...seventh, policy: { rules: { "US-REGF-FREQ-7IN7": { maxCalls: 9 } } } }));
    expect(loose.status).toBe(2);
    expect(loose.stdout).toBe("");
    expect(loose.stderr).toMatch(/^request\.policy\.rules\.US-REGF-FREQ-7IN7\.maxCalls: raises a cap above the regulation's/);
  });

  it("answers a single object with a single object", () => {
    const { status, stdout } = runCheck(JSON.stringify(baseRequest()));
    expect(status).toBe(0);
    expect(CheckDecision.parse(JSON.parse(stdout))).toEqual({ decision: "allow", notBefore: null, results: [], timeZones: ["America/New_York"] });
  });

  it("refuses a malformed request in a batch with exit 2, the field path on stderr and nothing on stdout", () => {
    const bad = baseRequest() as unknown as { proposed: { channel: string } };
    bad.proposed.channel = "fax";
    const { status, stdout, stderr } = runCheck(JSON.stringify([baseRequest(), baseRequest(), baseRequest(), bad]));
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("request[3].proposed.channel: expected one of call, voicemail, sms, email, letter, visit\n");
  });

  it("names a missing field", () => {
    const bad = baseRequest() as Partial<ReturnType<typeof baseRequest>>;
    delete bad.now;
    const { status, stderr } = runCheck(JSON.stringify(bad));
    expect(status).toBe(2);
    expect(stderr).toBe("request.now: required (expected string)\n");
  });

  it("reads the debtor's rights: writtenOnly, an objection under CN-CBA, a third party asked this month", () => {
    const written = baseRequest();
    written.consumer.flags = { writtenOnly: true };
    const cn = { ...baseRequest(), ruleSet: "CN-CBA" as const, now: "2026-06-10T04:00:00Z", consumer: { id: "c1", country: "CN", timeZones: ["Asia/Shanghai"], disputedDebtIds: ["d1"] } };
    const ec = { role: "emergency_contact" as const, id: "e1", address: "+8613700137000" };
    const asked = { ...cn, consumer: { id: "c1", country: "CN", timeZones: ["Asia/Shanghai"] }, history: [{ at: "2026-05-31T04:00:00Z", channel: "call" as const, direction: "outbound" as const, party: ec, debtIds: ["d1"], outcome: "conversation" as const }], proposed: { channel: "call" as const, party: ec, purpose: "location" as const, content: { disclosesDebt: false, identifiesCollector: true } } };
    const { status, stdout, stderr } = runCheck(JSON.stringify([written, cn, asked]));
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const decisions = CheckDecision.array().parse(JSON.parse(stdout));
    expect(decisions.map((d) => [d.decision, d.results.map((r) => r.rule)])).toEqual([
      ["block", ["US-REGF-MEDIUM"]],
      ["block", ["CN-DISPUTE"]],
      ["block", ["CN-3P-CONTACTS", "CN-3P-ONCE"]],
    ]);
  });

  it("names a malformed writtenOnly flag", () => {
    const bad = baseRequest() as unknown as { consumer: { flags: Record<string, unknown> } };
    bad.consumer.flags = { writtenOnly: "yes" };
    const { status, stdout, stderr } = runCheck(JSON.stringify([baseRequest(), bad]));
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("request[1].consumer.flags.writtenOnly: expected boolean\n");
  });

  it("refuses input that is not JSON", () => {
    const { status, stdout, stderr } = runCheck("{not json");
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^request: invalid JSON/);
  });
});
