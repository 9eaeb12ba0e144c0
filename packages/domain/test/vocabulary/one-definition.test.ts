import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultTimeZone } from "@casebook/compliance";
import { stageForDpd } from "@casebook/db/schema";
import { CN_CONSUMER, US_CONSUMER } from "@casebook/db/seed/strategies";
import { CLOSED_ACCOUNT_STATUSES, WORKABLE_ACCOUNT_STATUSES } from "../../src/cases/account-status";

// One vocabulary (issue 12): each word is defined once and imported everywhere. This test reads every
// source file of apps/* and packages/* and fails when a second definition of one of these words appears.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

async function* sources(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist" || entry.name === "test" || entry.name === "drizzle") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name)) yield full;
  }
}

let cache: Array<{ file: string; lines: string[] }> | undefined;
async function files(): Promise<Array<{ file: string; lines: string[] }>> {
  if (cache) return cache;
  const out: Array<{ file: string; lines: string[] }> = [];
  for (const top of ["apps", "packages"]) {
    for await (const full of sources(path.join(repo, top))) out.push({ file: path.relative(repo, full), lines: (await readFile(full, "utf8")).split("\n") });
  }
  return (cache = out);
}

/** Lines matching `pattern` outside the `home` files (the word's one definition). */
async function definitionsOutside(pattern: RegExp, home: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const { file, lines } of await files()) {
    if (home.includes(file)) continue;
    lines.forEach((line, i) => { if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`); });
  }
  return hits;
}

// "paid", 'settled', recalled ... in any quoting: a list of closed statuses.
const q = `["'\`]?`;
const list = (...words: string[]) => new RegExp(words.map((w) => `${q}${w}${q}`).join(String.raw`\s*,\s*`));
// The database enum lists every status once (it is the type, not the subset).
const ENUMS = "packages/db/src/schema/_shared/enums.ts";

describe("one vocabulary (issue 12)", () => {
  it("scans the workspace", async () => {
    expect((await files()).length).toBeGreaterThan(200);
  });

  it("the closed and workable account statuses are listed once (cases/account-status.ts)", async () => {
    expect(CLOSED_ACCOUNT_STATUSES).toEqual(["paid", "settled", "recalled", "closed"]);
    expect(WORKABLE_ACCOUNT_STATUSES).toEqual(["active", "promised", "on_plan", "disputed"]);
    const home = ["packages/domain/src/cases/account-status.ts", ENUMS];
    expect(await definitionsOutside(list("paid", "settled", "recalled"), home)).toEqual([]);
    expect(await definitionsOutside(list("active", "promised", "on_plan"), home)).toEqual([]);
  });

  it("the default time zone per jurisdiction is compliance's defaultTimeZone, with a UK branch", async () => {
    expect([defaultTimeZone("US-FDCPA"), defaultTimeZone("US-MA"), defaultTimeZone("UK-CONC"), defaultTimeZone("CN-CBA")])
      .toEqual(["America/New_York", "America/New_York", "Europe/London", "Asia/Shanghai"]);
    expect([defaultTimeZone("US"), defaultTimeZone("GB"), defaultTimeZone("CN")]).toEqual(["America/New_York", "Europe/London", "Asia/Shanghai"]);
    // A country or rule set mapped to a zone in place: `=== "CN" ? "Asia/Shanghai"`, `when 'GB' then 'Europe/London'`.
    const inPlace = /["'](CN|GB|UK|US)["']\s*(\?|then|:)\s*["'](Asia|Europe|America)\//;
    expect(await definitionsOutside(inPlace, ["packages/compliance/src/time/default-time-zone.ts"])).toEqual([]);
  });

  it("the check request's types are the engine's (packages/compliance/src/schemas.ts), never redeclared", async () => {
    const redeclared = /\b(interface|type)\s+(CheckRequest|CheckDecision|HistoryEntry|ContentDeclaration|RuleSetId?)\b\s*(=\s*["'{]|\{|=\s*z\.)|"call"\s*\|\s*"voicemail"|\[\s*"collection",\s*"location"/;
    expect(await definitionsOutside(redeclared, ["packages/compliance/src/schemas.ts"])).toEqual([]);
  });

  it("the provider's webhook payload is declared once (packages/channels/src/provider/provider-api.ts)", async () => {
    expect(await definitionsOutside(/z\.literal\(\s*["'](receipt|inbound)["']\s*\)/, ["packages/channels/src/provider/provider-api.ts"])).toEqual([]);
  });

  it("the stage schedule is stageForDpd (db schema/strategies/strategy-stages.ts), used by the planner and the seed", async () => {
    const kinds = (stages: typeof US_CONSUMER.stages, dpds: number[]) => dpds.map((d) => stageForDpd(stages, d)?.kind ?? null);
    expect(kinds(US_CONSUMER.stages, [-8, -7, 0, 1, 14, 15, 89, 90, 400])).toEqual([null, "pre_due", "pre_due", "first_reminder", "first_reminder", "follow_up", "follow_up", "legal", "legal"]);
    expect(kinds(CN_CONSUMER.stages, [1, 7, 8, 90])).toEqual(["first_reminder", "first_reminder", "follow_up", "legal"]);
    // A stage chosen from DPD in place: `dpd < 15 ? "first_reminder"`, or a stage entry's range tested outside its home.
    const inPlace = /\bdpd\s*[<>]=?\s*-?\d+\s*\?\s*["'](pre_due|first_reminder|follow_up|legal)["']|\bdpd\s*[<>]=?\s*[\w.]*dpd(Min|Max)\b|\.dpdMin\s*===?\s*undefined/;
    expect(await definitionsOutside(inPlace, ["packages/db/src/schema/strategies/strategy-stages.ts"])).toEqual([]);
    const users = (await files()).filter(({ lines }) => lines.some((l) => /\bstageForDpd\(/.test(l))).map(({ file }) => file).sort();
    expect(users).toEqual(expect.arrayContaining(["packages/db/src/seed/generate.ts", "packages/domain/src/outreach/schedule/plan-outreach.ts"]));
  });
});
