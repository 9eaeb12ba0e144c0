import { canApt, type Context } from "../context";
import { aptInstall } from "./apt";

// Chinese letters need a CJK font: without one each fails with font_missing. The paths are those
// packages/channels/src/letter/find-cjk-font.ts looks at (Debian's fonts-wqy-microhei, fonts-noto-cjk, ...).
export const CJK_FONT_PATHS = [
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
  "/usr/share/fonts/truetype/arphic/uming.ttc",
];

export type FontPlan = { do: "configured" } | { do: "found"; path: string } | { do: "install"; package: string } | { do: "warn" };

export function planCjkFont(facts: { letterFontPath?: string; exists: (p: string) => boolean; canApt: boolean }): FontPlan {
  if (facts.letterFontPath) return { do: "configured" };
  const path = CJK_FONT_PATHS.find((p) => facts.exists(p));
  if (path) return { do: "found", path };
  return facts.canApt ? { do: "install", package: "fonts-wqy-microhei" } : { do: "warn" };
}

export async function ensureCjkFont(ctx: Context): Promise<void> {
  const plan = planCjkFont({ letterFontPath: ctx.env.LETTER_FONT_PATH, exists: ctx.sys.fileExists, canApt: canApt(ctx.sys) });
  switch (plan.do) {
    case "configured":
      ctx.out.ok(`CJK font for letters: LETTER_FONT_PATH=${ctx.env.LETTER_FONT_PATH}`);
      return;
    case "found":
      ctx.out.ok(`CJK font for letters: ${plan.path}`);
      return;
    case "install":
      await aptInstall(ctx, [plan.package]);
      return;
    case "warn":
      ctx.out.warn("no CJK font: Chinese letters will fail (font_missing)");
      ctx.out.fix("install one: sudo apt-get install -y fonts-wqy-microhei (or fonts-noto-cjk), or set LETTER_FONT_PATH in .env");
  }
}
