import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { createTestDatabase, makeCase, type TestDatabase } from "@casebook/db/testing";
import { lockCase, lockRows, LockOrderError } from "../../src/locks/lock-rows";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const LOCKS_DIR = path.join(repo, "packages/domain/src/locks");
// Raw SQL (any case, any spacing) and drizzle's `.for("update" | "no key update" | ...)`.
const RAW = /\bfor\s+(no\s+key\s+)?update\b/i;
const DRIZZLE = /\.for\(\s*["'`]/;

async function* sources(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist" || entry.name === ".next") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (/\.(ts|tsx|mts|js|mjs|sql)$/.test(entry.name) && !full.startsWith(LOCKS_DIR) && !full.includes(`${path.sep}test${path.sep}`)) yield full;
  }
}

describe("one lock helper (issue 9)", () => {
  it("nothing outside packages/domain/src/locks writes FOR UPDATE / FOR NO KEY UPDATE or drizzle's .for()", async () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const top of ["apps", "packages", "bench", "scripts", "e2e"]) {
      for await (const file of sources(path.join(repo, top))) {
        scanned++;
        const lines = (await readFile(file, "utf8")).split("\n");
        lines.forEach((line, i) => {
          if (RAW.test(line) || DRIZZLE.test(line)) offenders.push(`${path.relative(repo, file)}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });

  describe("against PostgreSQL", () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ max: 4 });
    });
    afterAll(async () => t?.drop());

    it("takes the weakest lock: a row inserted with a foreign key to a locked case does not wait (no implied key-share conflict)", async () => {
      const c = await makeCase(t.db);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = t.db.transaction(async (tx) => {
        await lockCase(tx, c.id);
        locked();
        await held;
      });
      await isLocked;
      // A note references the case (FK): with FOR UPDATE on the case this insert would wait.
      const inserted = await t.db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '2s'`);
        return tx.insert(s.notes).values({ caseId: c.id, body: "written while the console holds the case" }).returning({ id: s.notes.id });
      });
      release();
      await holder;
      expect(inserted).toHaveLength(1);
    });

    it("refuses to climb back up the order (a case held, then a person asked for)", async () => {
      const c = await makeCase(t.db);
      const other = await makeCase(t.db);
      await expect(
        t.db.transaction(async (tx) => {
          await lockRows(tx, { cases: [c.id] });
          await lockRows(tx, { persons: [other.personId] });
        }),
      ).rejects.toBeInstanceOf(LockOrderError);
      // Re-asking for what is already held is free, whatever the level.
      await t.db.transaction(async (tx) => {
        await lockCase(tx, c.id);
        await lockRows(tx, { debts: c.accounts.map((a) => a.id) });
        await expect(lockCase(tx, c.id)).resolves.toBe(true);
      });
    });
  });
});
