// pnpm --filter @casebook/bench seed -- --accounts 100000 [--accounts 1000000] [--seed S]
// Seeds a fresh database per size, prints one JSON line per run, and drops the database.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { readDbEnv } from "@casebook/db";
import { dropDatabase } from "@casebook/db/migrate";
import { seedDemo } from "@casebook/db/seed";

const { values } = parseArgs({
  options: { accounts: { type: "string", multiple: true, default: ["100000"] }, seed: { type: "string", default: "1" } },
});

for (const size of values.accounts) {
  const accounts = Number(size);
  const url = new URL(readDbEnv().DATABASE_URL);
  url.pathname = `/casebook_bench_${randomBytes(4).toString("hex")}`;
  try {
    const report = await seedDemo({ url: url.toString(), accounts, seed: Number(values.seed), onProgress: (m) => console.error(`  ${m}`) });
    const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
    const result = {
      accounts: report.accounts,
      persons: report.persons,
      rows: report.rows,
      totalRows: rows,
      seconds: report.seconds,
      rowsPerSecond: Math.round(rows / report.seconds),
      phases: report.phases,
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result));
    await mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await writeFile(new URL(`./results/seed-${accounts}.json`, import.meta.url), JSON.stringify(result, null, 2) + "\n");
  } finally {
    await dropDatabase(url.toString());
  }
}
