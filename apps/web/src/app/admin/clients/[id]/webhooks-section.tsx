import { getLocale, getTranslations } from "next-intl/server";
import { listWebhookLog, type DomainContext } from "@casebook/domain";
import { formatTime } from "@/lib/format";
import { ActionForm } from "@/components/action-form";
import { createWebhookEndpointAction, redeliverWebhookAction } from "../../webhook-actions";

/** A client's webhook endpoints and delivery log, with redelivery (issue 16). */
export async function WebhooksSection({ ctx, clientId }: { ctx: DomainContext; clientId: string }) {
  const t = await getTranslations("adminConsole.webhooks");
  const locale = await getLocale();
  const log = await listWebhookLog(ctx, { clientId });
  const when = (d: Date | null) => (d ? formatTime(d, "UTC", locale) : "—");
  return (
    <section className="panel" data-testid="webhooks">
      <h2>{t("title")}</h2>
      {log.endpoints.length > 0 ? (
        <table className="grid" data-testid="webhook-endpoints">
          <thead><tr><th>{t("url")}</th><th>{t("events")}</th><th>{t("status")}</th><th>{t("created")}</th></tr></thead>
          <tbody>{log.endpoints.map((e) => (
            <tr key={e.id}><td><code>{e.url}</code></td><td>{e.eventTypes.length ? e.eventTypes.join(", ") : t("allEvents")}</td><td>{e.active ? t("active") : t("inactive")}</td><td>{when(e.createdAt)}</td></tr>
          ))}</tbody>
        </table>
      ) : <p className="muted">{t("noEndpoints")}</p>}
      <h3>{t("add")}</h3>
      <ActionForm action={createWebhookEndpointAction} hidden={{ clientId }} submitLabel={t("addSubmit")} testId="create-webhook" fields={[
        { name: "url", label: t("url"), required: true, placeholder: "https://", help: t("secretHelp") },
      ]} />
      <h3>{t("deliveries")}</h3>
      {log.deliveries.length === 0 ? <p className="muted">{t("noDeliveries")}</p> : (
        <table className="grid" data-testid="webhook-deliveries">
          <thead><tr><th>{t("event")}</th><th>{t("url")}</th><th>{t("status")}</th><th className="num">{t("attempts")}</th><th>{t("lastResult")}</th><th>{t("lastAttempt")}</th><th /></tr></thead>
          <tbody>{log.deliveries.map((d) => (
            <tr key={d.id} data-testid={`delivery-${d.id}`}>
              <td><code>{d.type}</code></td><td><code>{d.url}</code></td><td>{t(`deliveryStatus.${d.status}` as never)}</td><td className="num">{d.attempts}</td>
              <td>{d.lastStatusCode ?? d.lastError ?? "—"}</td><td>{when(d.lastAttemptAt)}</td>
              <td><ActionForm action={redeliverWebhookAction} hidden={{ deliveryId: d.id, clientId }} submitLabel={t("redeliver")} testId={`redeliver-${d.id}`} fields={[]} /></td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
