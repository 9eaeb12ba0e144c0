import { existsSync } from "node:fs";

export interface LetterFont {
  path: string;
  /** PostScript name of the face inside a .ttc collection; unused for .ttf/.otf. */
  family?: string;
}

// Debian packages, smallest first: fonts-wqy-microhei (5 MB, TrueType outlines, embeds quickly)
// is what .ci/run installs; the others work when a machine already has them.
export const CJK_FONT_CANDIDATES: readonly LetterFont[] = [
  { path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", family: "WenQuanYiMicroHei" },
  { path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", family: "WenQuanYiZenHei" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "NotoSansCJKsc-Regular" },
  { path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", family: "NotoSerifCJKsc-Regular" },
  { path: "/usr/share/fonts/truetype/arphic/uming.ttc", family: "AR-PL-UMing-CN" },
];

/** The first installed CJK font, or undefined. */
export function findCjkFont(candidates: readonly LetterFont[] = CJK_FONT_CANDIDATES): LetterFont | undefined {
  return candidates.find((c) => existsSync(c.path));
}

const CJK_RE = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

export function containsCjk(text: string): boolean {
  return CJK_RE.test(text);
}
