import { describe, expect, it } from "vitest";
import { stagingIds } from "../../src/placements/staging";

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("stagingIds (the ids of a file's new persons, cases and accounts)", () => {
  it("gives each row three distinct UUIDs that sort in the order of the rows, kind by kind", () => {
    const ids = stagingIds(new Date("2026-03-03T15:00:00Z"));
    const rows = [1, 2, 15, 16, 4095, 4096, 65_536, 1_000_000].map((n) => ids(n).split("\t"));
    for (const r of rows) {
      expect(r).toHaveLength(3);
      for (const id of r) expect(id).toMatch(UUID7);
      expect(new Set(r).size).toBe(3);
    }
    for (let kind = 0; kind < 3; kind++) {
      const column = rows.map((r) => r[kind]!);
      expect([...column].sort()).toEqual(column);
    }
  });

  it("never repeats an id, within an import or between two started in the same millisecond", () => {
    const at = new Date("2026-03-03T15:00:00Z");
    const a = stagingIds(at);
    const b = stagingIds(at);
    const seen = new Set<string>();
    for (let n = 1; n <= 20_000; n++) for (const id of [...a(n).split("\t"), ...b(n).split("\t")]) seen.add(id);
    expect(seen.size).toBe(120_000);
  });
});
