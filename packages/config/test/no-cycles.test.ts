import { parseCircular, parseDependencyTree } from "dpdm";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// No import cycle anywhere in the workspace's source (apps/*, packages/*): a cycle is how a
// "rooms" layout rots (advance-case-stage ↔ plan-outreach was one). dpdm resolves relative imports
// and the workspace packages (pnpm links them; their `exports` point at TypeScript source), so a
// cycle across packages is found as well as one inside a folder.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function sourceRoots(): string[] {
  const roots: string[] = [];
  for (const group of ["apps", "packages"]) {
    for (const name of readdirSync(path.join(root, group))) {
      const src = path.join(root, group, name, "src");
      if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) roots.push(path.join(src, "**/*.{ts,tsx}"));
    }
  }
  return roots;
}

let files = 0;

async function findCycles(entries: string[], cwd = root): Promise<string[][]> {
  const tree = await parseDependencyTree(entries, {
    context: cwd,
    transform: true,
    skipDynamicImports: false,
    include: /\.(ts|tsx)$/,
    exclude: /node_modules\/(?!@casebook\/)|\/(dist|\.next)\//,
  });
  files = Object.keys(tree).length;
  return parseCircular(tree);
}

describe("the workspace has no import cycle", () => {
  it("finds a cycle when there is one (the check can fail)", async () => {
    const fixtures = path.join(root, "packages/config/test/fixtures/cycle");
    const cycles = await findCycles([path.join(fixtures, "a.ts")], fixtures);
    expect(cycles.length).toBeGreaterThan(0);
  });

  it("apps/* and packages/* import in one direction only", async () => {
    const cycles = await findCycles(sourceRoots());
    // It read the source (not an empty glob): every package's files are in the tree.
    expect(files).toBeGreaterThan(200);
    expect(cycles.map((c) => c.join(" → "))).toEqual([]);
  }, 120_000);
});
