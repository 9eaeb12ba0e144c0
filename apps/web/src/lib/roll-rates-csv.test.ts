import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import type { RollRates } from "@casebook/domain";
import en from "../../messages/en.json";
import zh from "../../messages/zh-CN.json";
import { rollRatesCsv } from "./roll-rates-csv";

const bucket = (code: string, inBucket: number, rolled: number) => ({ bucket: code, inBucket, rolled, rollRate: inBucket ? rolled / inBucket : null, cured: 0, cureRate: null });
const rates = {
  filter: { from: "2026-01-01", to: "2026-01-31", grain: "week" },
  series: [{ period: "2026-01-05", buckets: [bucket("pre_due", 10, 2), bucket("30_59", 8, 1)] }],
  totals: { buckets: [bucket("pre_due", 10, 2), bucket("30_59", 8, 1), bucket("180_plus", 3, 0)] },
} as unknown as RollRates;
const tr = (messages: object, locale: string, namespace: string) => createTranslator({ locale, messages, namespace } as never) as never;

describe("the roll-rate CSV (issue 13)", () => {
  it.each([["en", en, "Days past due", "Pre-due"], ["zh-CN", zh, (zh as { dashboards: { bucket: string } }).dashboards.bucket, "未到期"]] as const)(
    "in %s: translated headers and bucket labels, no raw bucket code", (locale, messages, bucketHeader, preDue) => {
      const { header, rows } = rollRatesCsv(rates, tr(messages, locale, "dashboards"), tr(messages, locale, "queue"));
      expect(header[1]).toBe(bucketHeader);
      expect(header.every((h) => !/^[a-z][A-Za-z]+$/.test(h))).toBe(true);
      const labels = rows.map((r) => String(r[1]));
      expect(labels).toContain(preDue);
      expect(labels).toContain("30–59");
      for (const code of ["pre_due", "30_59", "180_plus"]) expect(labels).not.toContain(code);
      expect(rows.at(-1)).toEqual(["2026-01-01..2026-01-31", "180+", 3, 0, "0.0000", 0, ""]);
    });
});
