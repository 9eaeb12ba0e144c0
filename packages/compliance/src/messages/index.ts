import { RULE_IDS, type RuleId } from "../rule-ids";
import { en, type RuleMessage } from "./en";
import { zhCN } from "./zh-cn";

export { RULE_IDS, type RuleId, type RuleMessage };
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Record<RuleId, RuleMessage>> = { en, "zh-CN": zhCN };

/**
 * The message for a rule id in a locale. Without params: the rule's standalone sentence (what the
 * console shows next to a decision's rule id). With params: the variant they name (`params.variant`,
 * else "default") filled in, falling back to the standalone sentence when a placeholder is missing.
 * An unknown id or locale never throws: the console must always have something to show.
 */
export function ruleMessage(ruleId: string, locale: string = "en", params?: MessageParams): string {
  const catalog = catalogs[(locale as Locale) in catalogs ? (locale as Locale) : "en"];
  const message = catalog[ruleId as RuleId];
  if (!message) return locale === "zh-CN" ? `规则 ${ruleId}` : `Rule ${ruleId}`;
  if (!params) return message.text;
  const template = message.variants?.[String(params.variant ?? "default")];
  if (!template) return message.text;
  let missing = false;
  const filled = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) missing = true;
    return String(value ?? "");
  });
  return missing ? message.text : filled;
}
