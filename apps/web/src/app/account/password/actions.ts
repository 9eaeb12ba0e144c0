"use server";
import { getLocale, getTranslations } from "next-intl/server";
import { requireUserForPasswordChange, signOut } from "@/lib/auth";
import { changeOwnPassword, ValidationError } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { toActionState, type ActionState, type Translate } from "@/lib/errors";

/** The one action open to a user holding a temporary password (so not defineAction, whose role check
 *  sends them back here). On success the session ends (it was opened with the temporary password) and
 *  they sign in with their own. */
export async function changePasswordAction(_: ActionState, fd: FormData): Promise<ActionState> {
  const user = await requireUserForPasswordChange();
  const currentPassword = String(fd.get("currentPassword") ?? "");
  const newPassword = String(fd.get("newPassword") ?? "");
  try {
    if (newPassword !== String(fd.get("confirmPassword") ?? "")) throw new ValidationError("confirmPassword", "password_mismatch");
    await changeOwnPassword(await contextFor(user), { currentPassword, newPassword });
  } catch (error) {
    const errors = (await getTranslations("errors")) as unknown as Translate;
    return toActionState(error, errors, { locale: await getLocale(), agentZone: user.timeZone });
  }
  await signOut({ redirectTo: "/login" });
  return { ok: true };
}
