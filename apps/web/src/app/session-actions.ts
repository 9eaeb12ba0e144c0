"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { currentUser, signOut } from "@/lib/auth";
import { setUserLocale } from "@casebook/domain";
import { contextFor } from "@/lib/context";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

/** Persists the language on the user (users.locale); before sign-in, only the cookie. */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale") === "zh-CN" ? "zh-CN" : "en";
  const user = await currentUser();
  if (user) await setUserLocale(await contextFor(user), { locale });
  // The session token still carries the locale it was issued with; until the next sign-in this cookie,
  // bound to the user's id so it never leaks into another user's session, says what they chose.
  (await cookies()).set("casebook-locale", user ? `${user.id}:${locale}` : locale, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 86400 });
  revalidatePath("/", "layout");
}
