"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { currentUser, signOut, unstable_update } from "@casebook/auth";
import { setUserLocale } from "@casebook/domain";
import { contextFor } from "@/lib/context";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

/** Persists the language on the user (users.locale) and in the session token; before sign-in, a cookie. */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale") === "zh-CN" ? "zh-CN" : "en";
  const user = await currentUser();
  if (user) {
    await setUserLocale(await contextFor(user), { locale });
    await unstable_update({ locale } as never);
  }
  (await cookies()).set("casebook-locale", locale, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 86400 });
  revalidatePath("/", "layout");
}
