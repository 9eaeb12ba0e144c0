import { describe, expect, it } from "vitest";
import { ERROR_KEYS, SCREEN_VOCABULARY } from "@casebook/domain";
import { RULE_IDS, ruleMessage } from "@casebook/compliance";
import en from "../../messages/en.json";
import zh from "../../messages/zh-CN.json";

type Tree = { [k: string]: string | Tree };
const LOCALES = { en: en as Tree, "zh-CN": zh as Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
function lookup(tree: Tree, path: string[]): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const p of path) node = typeof node === "object" ? node[p] : undefined;
  return typeof node === "string" ? node : undefined;
}

describe("every word in both languages", () => {
  it("en and zh-CN have the same keys", () => {
    expect(keys(LOCALES["zh-CN"]).sort()).toEqual(keys(LOCALES.en).sort());
  });

  it.each(Object.keys(LOCALES))("%s translates every domain error key", (locale) => {
    const missing = ERROR_KEYS.filter((k) => !lookup(LOCALES[locale as keyof typeof LOCALES], ["errors", "domain", k]));
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(LOCALES))("%s translates every status, channel, outcome, reason and role a screen shows", (locale) => {
    const missing = Object.entries(SCREEN_VOCABULARY).flatMap(([ns, values]) =>
      values.filter((v) => !lookup(LOCALES[locale as keyof typeof LOCALES], [...ns.split("."), v])).map((v) => `${ns}.${v}`));
    expect(missing).toEqual([]);
  });

  it("no zh-CN sentence is left in English", () => {
    // A sentence with three or more Latin words in a row is an untranslated copy (codes, names and
    // formats such as "YYYY-MM-DD" or "+8613800138000" are single tokens).
    const english = keys(LOCALES["zh-CN"]).filter((k) => /[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(lookup(LOCALES["zh-CN"], k.split("."))!));
    expect(english).toEqual([]);
  });

  it("every rule id has its sentence in both languages", () => {
    for (const id of RULE_IDS) {
      expect(ruleMessage(id, "en")).not.toBe(id);
      expect(ruleMessage(id, "zh-CN")).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
