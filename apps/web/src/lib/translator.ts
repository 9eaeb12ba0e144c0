import "server-only";
import { createTranslator } from "next-intl";
import type { Translate } from "./errors";

/**
 * A translator for another person's language than the reader's (a script read to a third party, in their
 * preferred language). next-intl's getTranslations({ locale }) still loads the request's messages (ours
 * follow the signed-in user), so the other language's messages are loaded here.
 */
export async function translatorFor(locale: string, namespace: string): Promise<Translate> {
  const lang = locale === "zh-CN" ? "zh-CN" : "en";
  const messages = (await import(`../../messages/${lang}.json`)).default as Record<string, unknown>;
  return createTranslator({ locale: lang, messages, namespace } as never) as unknown as Translate;
}
