import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// `pnpm typecheck` is one `tsc -b` over the project references of the root tsconfig.json: each package is
// checked once and its dependents read its declarations (README, "Tests"). A package that imports another
// without referencing it still passes, but checks that package's source again under its own options: the
// duplicated work the references removed. These tests keep the references in step with the imports.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

type Project = { dir: string; name: string; references: string[] };

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(root, file), "utf8")) as Record<string, unknown>;
}

function referencesOf(dir: string): string[] {
  const refs = (readJson(path.join(dir, "tsconfig.json")).references ?? []) as { path: string }[];
  return refs.map((r) => path.relative(root, path.resolve(root, dir, r.path)));
}

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);

const projects: Project[] = tracked
  .filter((f) => /^(apps\/[^/]+|packages\/[^/]+|e2e|bench)\/tsconfig\.json$/.test(f))
  .map((f) => {
    const dir = path.dirname(f);
    return { dir, name: readJson(path.join(dir, "package.json")).name as string, references: referencesOf(dir) };
  });

/** The workspace packages a project's tracked TypeScript files import (comments and strings ignored). */
function importedPackages(dir: string): string[] {
  const names = new Set<string>();
  for (const file of tracked.filter((f) => f.startsWith(`${dir}/`) && /\.tsx?$/.test(f) && !f.includes("/fixtures/"))) {
    for (const { fileName } of ts.preProcessFile(readFileSync(path.join(root, file), "utf8"), true, true).importedFiles) {
      const m = /^(@casebook\/[^/]+)/.exec(fileName);
      if (m) names.add(m[1]!);
    }
  }
  return [...names].sort();
}

describe("TypeScript project references", () => {
  it("finds every package's tsconfig", () => {
    expect(projects.map((p) => p.dir)).toEqual(expect.arrayContaining(["apps/web", "apps/worker", "packages/domain", "packages/db", "e2e", "bench"]));
  });

  it("the root tsconfig.json references every package", () => {
    expect(referencesOf(".").sort()).toEqual(projects.map((p) => p.dir).sort());
  });

  it.each(projects.map((p) => [p.dir, p] as const))("%s references each workspace package it imports", (_dir, project) => {
    const byName = new Map(projects.map((p) => [p.name, p.dir]));
    const imported = importedPackages(project.dir).filter((n) => n !== project.name).map((n) => byName.get(n) ?? n);
    expect(imported.filter((dir) => !project.references.includes(dir))).toEqual([]);
  });
});
