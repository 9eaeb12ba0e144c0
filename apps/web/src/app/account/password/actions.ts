"use server";
import { getLocale, getTranslations } from "next-intl/server";
import { requireUserForPasswordChange, signOut } from "@casebook/auth";
import { changeOwnPassword } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { toActionState, type ActionState } from "@/lib/errors";

/** The one action open to a user holding a temporary password. On success the session ends (it was
 *  opened with the temporary password) and they sign in with their own. */
export async function changePasswordAction(_: ActionState, fd: FormData): Promise<ActionState> {
  const user = await requireUserForPasswordChange();
  const currentPassword = String(fd.get("currentPassword") ?? "");
  const newPassword = String(fd.get("newPassword") ?? "");
  if (newPassword !== String(fd.get("confirmPassword") ?? "")) {
    return { fieldErrors: { confirmPassword: (await getTranslations("adminConsole.password"))("mismatch") } };
  }
  try {
    await changeOwnPassword(await contextFor(user), { currentPassword, newPassword });
  } catch (error) {
    return toActionState(error, await getLocale());
  }
  await signOut({ redirectTo: "/login" });
  return { ok: true };
}
