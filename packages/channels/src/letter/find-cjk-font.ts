import { existsSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";

export interface LetterFont {
  path: string;
  /** The file's bytes, read once by the adapter so each letter does not re-read megabytes. */
  data?: Buffer;
  /** PostScript name of the face inside a .ttc collection; unused for .ttf/.otf. */
  family?: string;
}

// Debian packages, smallest first: fonts-wqy-microhei (5 MB, TrueType outlines, embeds quickly)
// is what .ci/run and ./casebook start install; fonts-noto-cjk and the others work when a machine
// already has them. The paths are those the Debian packages install (bookworm).
export const CJK_FONT_CANDIDATES: readonly LetterFont[] = [
  { path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", family: "WenQuanYiMicroHei" },
  { path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", family: "WenQuanYiZenHei" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "NotoSansCJKsc-Regular" },
  { path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", family: "NotoSerifCJKsc-Regular" },
  { path: "/usr/share/fonts/truetype/arphic/uming.ttc", family: "AR-PL-UMing-CN" },
];

/** The Debian packages that provide one of the candidates, for the reason a letter gives without one. */
export const CJK_FONT_PACKAGES = ["fonts-wqy-microhei", "fonts-noto-cjk"] as const;

/** The first installed CJK font, or undefined. `root` is the file system root (a test's fake one). */
export function findCjkFont(candidates: readonly LetterFont[] = CJK_FONT_CANDIDATES, root = "/"): LetterFont | undefined {
  for (const c of candidates) {
    const file = path.join(root, c.path);
    if (existsSync(file)) return { ...c, path: file };
  }
  return undefined;
}

const CJK_RE = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

export function containsCjk(text: string): boolean {
  return CJK_RE.test(text);
}

/**
 * Loads the font into a throwaway document and writes CJK text with it, so a wrong path or a .ttc
 * without (or with a wrong) face name fails at start-up, not on the first letter. Returns the
 * reason it cannot be used, or undefined when it can.
 */
export function checkLetterFont(font: LetterFont): string | undefined {
  try {
    const doc = new PDFDocument();
    doc.on("data", () => {});
    const source = font.data ?? font.path;
    if (font.family) doc.font(source, font.family);
    else doc.font(source);
    doc.text("参考编号 Reference");
    doc.end();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
