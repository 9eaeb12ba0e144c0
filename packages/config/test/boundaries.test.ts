import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The repository root, where eslint.config.js lives.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const eslint = new ESLint({ cwd: root });

async function lint(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

// The first lint loads the whole config and typescript-eslint: seconds on a loaded shared machine.
describe("the rooms' boundaries (docs/CONVENTIONS.md) are enforced by lint", { timeout: 60_000 }, () => {
  it("fails apps/web importing drizzle-orm", async () => {
    const messages = await lint(`import { sql } from "drizzle-orm";\nexport const q = sql\`select 1\`;\n`, "apps/web/src/forbidden.ts");
    expect(messages.some((m) => m.startsWith("no-restricted-imports"))).toBe(true);
  });

  it("fails apps/web importing bullmq", async () => {
    const messages = await lint(`import { Queue } from "bullmq";\nexport const q = Queue;\n`, "apps/web/src/forbidden.ts");
    expect(messages.some((m) => m.startsWith("no-restricted-imports"))).toBe(true);
  });

  it("fails packages/compliance doing I/O or reading the clock", async () => {
    const io = await lint(`import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n`, "packages/compliance/src/forbidden.ts");
    expect(io.some((m) => m.startsWith("no-restricted-imports"))).toBe(true);
    const clock = await lint(`export const t = Date.now();\n`, "packages/compliance/src/forbidden.ts");
    expect(clock.some((m) => m.startsWith("no-restricted-properties"))).toBe(true);
    const env = await lint(`export const e = process.env.X;\n`, "packages/compliance/src/forbidden.ts");
    expect(env.some((m) => m.startsWith("no-restricted-properties"))).toBe(true);
  });

  it("fails apps/worker importing next", async () => {
    const messages = await lint(`import { NextResponse } from "next/server";\nexport const r = NextResponse;\n`, "apps/worker/src/forbidden.ts");
    expect(messages.some((m) => m.startsWith("no-restricted-imports"))).toBe(true);
  });

  it("fails packages/cli importing a Casebook package (it runs them as processes)", async () => {
    const messages = await lint(`import { createDb } from "@casebook/db";\nexport const c = createDb;\n`, "packages/cli/src/forbidden.ts");
    expect(messages.some((m) => m.startsWith("no-restricted-imports"))).toBe(true);
  });

  it("allows apps/web importing the domain", async () => {
    const messages = await lint(`import * as domain from "@casebook/domain";\nexport const d = domain;\n`, "apps/web/src/allowed.ts");
    expect(messages).toEqual([]);
  });
});

describe("the outreach rooms are enforced by lint (packages/domain/src/outreach/*/README.md)", () => {
  const restricted = (messages: string[]) => messages.some((m) => m.startsWith("no-restricted-imports"));

  it("fails the gate importing the schedule or delivery", async () => {
    expect(restricted(await lint(`import { planOutreach } from "../schedule/plan-outreach";\nexport const p = planOutreach;\n`, "packages/domain/src/outreach/gate/forbidden.ts"))).toBe(true);
    expect(restricted(await lint(`import { dispatchStep } from "../delivery/dispatch-step";\nexport const d = dispatchStep;\n`, "packages/domain/src/outreach/gate/forbidden.ts"))).toBe(true);
  });

  it("fails the schedule importing delivery, and delivery importing the schedule", async () => {
    expect(restricted(await lint(`import { dispatchStep } from "../delivery/dispatch-step";\nexport const d = dispatchStep;\n`, "packages/domain/src/outreach/schedule/forbidden.ts"))).toBe(true);
    expect(restricted(await lint(`import { planOutreach } from "../schedule/plan-outreach";\nexport const p = planOutreach;\n`, "packages/domain/src/outreach/delivery/forbidden.ts"))).toBe(true);
  });

  it("keeps the domain's framework rule inside the rooms", async () => {
    expect(restricted(await lint(`import { Queue } from "bullmq";\nexport const q = Queue;\n`, "packages/domain/src/outreach/delivery/forbidden.ts"))).toBe(true);
  });

  it("allows the schedule and delivery to ask the gate", async () => {
    expect(await lint(`import { gateContact } from "../gate/gate-contact";\nexport const g = gateContact;\n`, "packages/domain/src/outreach/delivery/allowed.ts")).toEqual([]);
    expect(await lint(`import { resolveZones } from "../gate/evaluate-check";\nexport const r = resolveZones;\n`, "packages/domain/src/outreach/schedule/allowed.ts")).toEqual([]);
  });
});
