import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <div className="panel" role="alert">
      <h1>{t("notFoundTitle")}</h1>
      <a href="/queue">{t("backToQueue")}</a>
    </div>
  );
}
