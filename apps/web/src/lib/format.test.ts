import { describe, expect, it } from "vitest";
import { formatMoney, formatTime, toMinor } from "./format";
import { zonedToUtc } from "./format";

describe("money and time at the edge", () => {
  it("parses amounts into minor units by currency, refusing anything else", () => {
    expect(toMinor("12.50", "USD")).toBe(1250);
    expect(toMinor("1,234", "CNY")).toBe(123400);
    expect(toMinor("-5", "USD")).toBe(-500);
    expect(toMinor("1.234", "USD")).toBeNull();
    expect(toMinor("12abc", "USD")).toBeNull();
    expect(toMinor("500", "JPY")).toBe(500);
  });

  it("formats money by currency and locale", () => {
    expect(formatMoney(123456, "USD", "en")).toBe("$1,234.56");
    expect(formatMoney(123456, "CNY", "zh-CN")).toBe("¥1,234.56");
    expect(formatMoney(123456, "USD", "zh-CN")).toBe("US$1,234.56");
  });

  it("shows an instant in a given zone", () => {
    const at = new Date("2026-03-03T17:00:00Z");
    expect(formatTime(at, "America/New_York", "en", false)).toMatch(/12:00/);
    expect(formatTime(at, "Asia/Shanghai", "zh-CN", false)).toMatch(/01:00/);
  });

  it("reads a wall-clock time in the given zone, across a DST change", () => {
    expect(zonedToUtc("2026-03-03T23:30", "America/New_York")?.toISOString()).toBe("2026-03-04T04:30:00.000Z");
    expect(zonedToUtc("2026-07-01T23:30", "America/New_York")?.toISOString()).toBe("2026-07-02T03:30:00.000Z");
    expect(zonedToUtc("2026-03-03T23:30", "Asia/Shanghai")?.toISOString()).toBe("2026-03-03T15:30:00.000Z");
    expect(zonedToUtc("23:30", "UTC")).toBeNull();
  });
});
