import { getTranslations } from "next-intl/server";
import { requireUserForPasswordChange } from "@/lib/auth";
import { ActionForm } from "@/components/action-form";
import { changePasswordAction } from "./actions";

export default async function PasswordPage() {
  await requireUserForPasswordChange();
  const t = await getTranslations("adminConsole.password");
  return (
    <div className="login panel">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <ActionForm action={changePasswordAction} submitLabel={t("submit")} testId="password-form" fields={[
        { name: "currentPassword", label: t("current"), type: "password", required: true },
        { name: "newPassword", label: t("new"), type: "password", required: true },
        { name: "confirmPassword", label: t("confirm"), type: "password", required: true },
      ]} />
    </div>
  );
}
