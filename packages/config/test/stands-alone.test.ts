import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// A user's clone has nothing beside it: the domain, the rules and the check contract live in docs/.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const OUTSIDE = ["..", "shared"].join("/");

describe("the repository stands alone", () => {
  it("no tracked file points outside it to a shared folder", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
    const offenders = files.filter((f) => {
      try {
        return readFileSync(path.join(root, f), "utf8").includes(OUTSIDE);
      } catch {
        return false;
      }
    });
    expect(offenders).toEqual([]);
  });

  it.each(["docs/DOMAIN.md", "docs/RULES.md", "docs/CHECK-CONTRACT.md", "docs/CONVENTIONS.md"])("%s exists", (doc) => {
    expect(readFileSync(path.join(root, doc), "utf8").length).toBeGreaterThan(1000);
  });
});
