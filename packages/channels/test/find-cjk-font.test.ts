import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CJK_FONT_CANDIDATES, checkLetterFont, findCjkFont } from "../src/letter/find-cjk-font";

// Where the two Debian packages that ./casebook start may install put their regular face (dpkg -L
// on bookworm), and the PostScript name of the Simplified Chinese face inside the collection.
const DEBIAN = [
  { pkg: "fonts-wqy-microhei", path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", family: "WenQuanYiMicroHei" },
  { pkg: "fonts-noto-cjk", path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "NotoSansCJKsc-Regular" },
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "channels-fonts-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("findCjkFont", () => {
  it.each(DEBIAN)("finds $pkg alone at its Debian path", async ({ pkg, path: file, family }) => {
    const fake = path.join(root, pkg);
    await mkdir(path.join(fake, path.dirname(file)), { recursive: true });
    await writeFile(path.join(fake, file), "");
    expect(findCjkFont(CJK_FONT_CANDIDATES, fake)).toEqual({ path: path.join(fake, file), family });
  });

  it("finds nothing on a machine without a CJK font", async () => {
    const empty = path.join(root, "empty");
    await mkdir(empty, { recursive: true });
    expect(findCjkFont(CJK_FONT_CANDIDATES, empty)).toBeUndefined();
  });

  it("prefers the small WenQuanYi font when both are installed", async () => {
    const both = path.join(root, "both");
    for (const { path: file } of DEBIAN) {
      await mkdir(path.join(both, path.dirname(file)), { recursive: true });
      await writeFile(path.join(both, file), "");
    }
    expect(findCjkFont(CJK_FONT_CANDIDATES, both)?.family).toBe("WenQuanYiMicroHei");
  });

  // On a machine where the packages are installed, the face names must open the real collections.
  it.each(DEBIAN.filter((d) => existsSync(d.path)))("the installed $pkg prints Chinese with its face name", ({ path: file, family }) => {
    expect(checkLetterFont({ path: file, family })).toBeUndefined();
  });
});
