import { describe, expect, it } from "vitest";
import { ruleMessage } from "../src/messages/index";
import { en } from "../src/messages/en";
import { zhCN } from "../src/messages/zh-cn";
import { RULE_IDS, RULE_SET_DEFINITIONS } from "../src/index";

describe("messages", () => {
  it.each(RULE_IDS)("%s has an en and a zh-CN message, with the same variants", (id) => {
    expect(ruleMessage(id, "en").length).toBeGreaterThan(10);
    expect(ruleMessage(id, "zh-CN").length).toBeGreaterThan(4);
    expect(ruleMessage(id, "zh-CN")).not.toBe(ruleMessage(id, "en"));
    expect(Object.keys(zhCN[id].variants ?? {}).sort()).toEqual(Object.keys(en[id].variants ?? {}).sort());
  });
  it("every rule of every rule set is a known id", () => {
    for (const set of Object.values(RULE_SET_DEFINITIONS)) for (const rule of set.rules) expect(RULE_IDS).toContain(rule.id);
  });
  it("fills a variant's placeholders", () => {
    expect(ruleMessage("US-REGF-PATTERN", "en", { gap: 5 })).toBe("This number was called without an answer less than 5 minutes ago.");
    expect(ruleMessage("US-REGF-PATTERN", "zh-CN", { gap: 5 })).toContain("5 分钟");
  });
  it("falls back to the standalone sentence when a placeholder is missing", () => {
    expect(ruleMessage("US-REGF-FREQ-7IN7", "en", { count: 7 })).toBe(en["US-REGF-FREQ-7IN7"].text);
  });
  it("never throws on an unknown id or locale", () => {
    expect(ruleMessage("NOPE", "en")).toBe("Rule NOPE");
    expect(ruleMessage("US-BK-STAY", "fr")).toBe(en["US-BK-STAY"].text);
  });
});
