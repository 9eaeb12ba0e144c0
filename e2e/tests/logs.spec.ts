import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { LOG_DIR } from "../e2e-env";
import { sql } from "./db";

// Issue 10: runs last, after every flow of the suite (calls, messages, letters, sign-ins, refusals):
// no line the console or the worker wrote names a seeded person or carries their phone or email.
test("no log line of the console or the worker holds a person's name, phone number or email", async () => {
  const files = readdirSync(LOG_DIR).filter((f) => f.endsWith(".log"));
  expect(files.sort()).toEqual(["web.log", "worker.log"]);
  const lines = files.flatMap((f) => readFileSync(join(LOG_DIR, f), "utf8").split("\n").map((line, i) => ({ where: `${f}:${i + 1}`, line })));
  expect(lines.length).toBeGreaterThan(3);

  const names = (await sql`select distinct full_name from persons where length(full_name) >= 5`).map((r) => String(r.full_name));
  const points = (await sql`select distinct value from contact_points where kind in ('phone', 'email')`).map((r) => String(r.value));
  // A phone is also searched without its "+" and country code's punctuation, as a log might print it.
  const needles = [...names, ...points, ...points.filter((p) => p.startsWith("+")).map((p) => p.slice(1))];
  expect(needles.length).toBeGreaterThan(100);

  const found: string[] = [];
  for (const { where, line } of lines) {
    for (const n of needles) if (line.includes(n)) found.push(`${where}: ${n}`);
  }
  expect(found).toEqual([]);
});
