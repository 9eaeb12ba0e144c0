import { describe, expect, it } from "vitest";
import { formatMoney, formatTime, toMinor } from "./format";
import { translateDomainMessage } from "./domain-messages";

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

  it("translates the domain's field errors for zh-CN and leaves en alone", () => {
    expect(translateDomainMessage("the promise date is in the past", "zh-CN")).toBe("承诺日期已过");
    expect(translateDomainMessage("more than 30 days out: offer a payment plan instead", "zh-CN")).toBe("超过 30 天：请改为还款计划");
    expect(translateDomainMessage("the promise date is in the past", "en")).toBe("the promise date is in the past");
    expect(translateDomainMessage("something new", "zh-CN")).toBe("something new");
  });
});
