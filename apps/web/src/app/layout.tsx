import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { currentUser } from "@/lib/auth";
import { LanguageSwitch } from "@/components/language-switch";
import { signOutAction } from "./session-actions";
import "./globals.css";

export const metadata: Metadata = { title: "Casebook" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const user = await currentUser();
  const t = await getTranslations("common");
  const tr = await getTranslations("roles");
  return (
    <html lang={locale}>
      <body>
        <a className="skip" href="#main">{t("skip")}</a>
        <NextIntlClientProvider>
          {user ? (
            <header className="top">
              <span className="brand">{t("appName")}</span>
              <nav aria-label="main">
                <a href="/queue">{t("queue")}</a>
                {(user.role === "supervisor" || user.role === "admin") && <a href="/supervisor/plans">{t("plans")}</a>}
                {(user.role === "supervisor" || user.role === "admin") && <a href="/supervisor/portfolio">{t("portfolio")}</a>}
                {(user.role === "supervisor" || user.role === "admin") && <a href="/supervisor/team">{t("team")}</a>}
                {(user.role === "supervisor" || user.role === "admin") && <a href="/supervisor/outreach">{t("outreach")}</a>}
                {(user.role === "supervisor" || user.role === "admin") && <a href="/compliance/rules">{t("rules")}</a>}
                {(user.role === "compliance" || user.role === "admin") && <a href="/compliance/decisions">{t("decisions")}</a>}
                {user.role === "compliance" && <a href="/compliance/rules">{t("rules")}</a>}
                {(user.role === "compliance" || user.role === "admin") && <a href="/compliance/reference">{t("reference")}</a>}
                {(user.role === "compliance" || user.role === "admin") && <a href="/compliance/evidence">{t("evidence")}</a>}
                {(user.role === "compliance" || user.role === "admin") && <a href="/compliance/audit">{t("auditLog")}</a>}
                {user.role === "admin" && <a href="/admin/users">{t("admin")}</a>}
              </nav>
              <span className="who">{t("signedInAs", { name: user.name, role: tr(user.role) })}</span>
              <LanguageSwitch current={locale} label={t("language")} />
              <form action={signOutAction}><button type="submit" className="secondary">{t("signOut")}</button></form>
            </header>
          ) : null}
          <main id="main">{children}</main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
