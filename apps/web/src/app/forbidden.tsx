import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("common");
  return (
    <div className="panel" role="alert">
      <h1>{t("forbiddenTitle")}</h1>
      <p>{t("forbiddenBody")}</p>
      <a href="/queue">{t("backToQueue")}</a>
    </div>
  );
}
