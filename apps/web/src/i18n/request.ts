import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { currentUser } from "@/lib/auth";

export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
const isLocale = (v: unknown): v is Locale => v === "en" || v === "zh-CN";

/** The language follows the signed-in user (users.locale, carried in the session); before sign-in, the
 *  login page's own switch (a cookie). No locale in the URL: collectors share links to cases. */
export default getRequestConfig(async () => {
  const user = await currentUser().catch(() => null);
  const cookie = (await cookies()).get("casebook-locale")?.value;
  const [owner, chosen] = cookie?.includes(":") ? cookie.split(":") : [null, cookie];
  const locale: Locale = user
    ? owner === user.id && isLocale(chosen) ? chosen : isLocale(user.locale) ? user.locale : "en"
    : isLocale(chosen) ? chosen : "en";
  const messages = (await import(`../../messages/${locale}.json`)).default;
  return { locale, messages, timeZone: user?.timeZone ?? "UTC" };
});
