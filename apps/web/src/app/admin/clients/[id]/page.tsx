import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { API_SCOPES, getClientAdmin, NotFoundError } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { formatMoney, formatTime } from "@/lib/format";
import { throwForPage } from "@/lib/errors";
import { ActionForm } from "@/components/action-form";
import { createApiKeyAction, revokeApiKeyAction, updateClientPolicyAction } from "../../actions";
import { WebhooksSection } from "./webhooks-section";
import { policyFields } from "../policy-fields";

const pct = (bps: number) => String(bps / 100);

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("admin");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("client", id));
  const ctx = await contextFor(user);
  const view = await getClientAdmin(ctx, id).catch(throwForPage);
  const t = await getTranslations("adminConsole.clients");
  const locale = await getLocale();
  const { client, inForce } = view;
  const p = inForce.policy;
  const when = (d: Date) => formatTime(d, "UTC", locale);
  const scopeName = (s: string) => ((API_SCOPES as readonly string[]).includes(s) ? t(`scopeNames.${s}` as never) : s);
  return (
    <>
      <h1>{client.name} <span className="muted small">{client.code} · {client.ruleSet} · {client.currency}</span></h1>

      <section className="panel" data-testid="policy-in-force">
        <h2>{t("policyTitle")}</h2>
        <p>{t("inForce", { version: inForce.version })}</p>
        <dl className="kv">
          <dt>{t("callFrom")}</dt><dd>{p.compliance?.callWindow?.from ?? t("ruleSetDefault")}</dd>
          <dt>{t("callTo")}</dt><dd>{p.compliance?.callWindow?.to ?? t("ruleSetDefault")}</dd>
          <dt>{t("maxCalls")}</dt><dd data-testid="policy-max-calls">{p.compliance?.maxCallsPer7Days ?? t("ruleSetDefault")}</dd>
          <dt>{t("settlementFloor")}</dt><dd>{pct(p.settlementFloorBps)} %</dd>
          <dt>{t("planMaxInstallments")}</dt><dd>{p.planMaxInstallments}</dd>
          <dt>{t("planMaxMonths")}</dt><dd>{p.planMaxMonths}</dd>
          <dt>{t("planMinInstallment")}</dt><dd>{formatMoney(p.planMinInstallmentMinor, client.currency, locale)}</dd>
          <dt>{t("promiseMaxDays")}</dt><dd>{p.promiseMaxDays}</dd>
          <dt>{t("commission")}</dt><dd>{pct(p.commissionBps)} %</dd>
          <dt>{t("letterhead")}</dt>
          <dd data-testid="policy-letterhead">{p.letterhead ? (
            <>{p.letterhead.tradingName}{[...p.letterhead.addressLines, p.letterhead.phone, p.letterhead.referenceLine].filter(Boolean).map((l) => <span key={l}><br />{l}</span>)}</>
          ) : <span className="muted">{t("letterheadNone")}</span>}</dd>
        </dl>
      </section>

      <section className="panel">
        <h2>{t("edit")}</h2>
        <ActionForm action={updateClientPolicyAction} hidden={{ clientId: client.id }} submitLabel={t("save")} testId="policy-form" fields={[
          ...policyFields(t, p),
          { name: "effectiveFrom", label: t("effectiveFrom"), type: "datetime-local" },
          { name: "note", label: t("note") },
        ]} />
      </section>

      <section className="panel">
        <h2>{t("versions")}</h2>
        {view.versions.length === 0 ? <p className="muted">{t("none")}</p> : (
          <table className="grid" data-testid="policy-versions">
            <thead><tr><th className="num">#</th><th>{t("effective")}</th><th>{t("maxCalls")}</th><th>{t("callFrom")}</th><th>{t("callTo")}</th><th>{t("letterhead")}</th><th>{t("note")}</th><th>{t("by")}</th></tr></thead>
            <tbody>{view.versions.map((v) => (
              <tr key={v.version}><td className="num">{v.version}</td><td>{when(v.effectiveFrom)}{v.scheduled ? ` (${t("scheduled")})` : ""}</td>
                <td>{v.policy.compliance?.maxCallsPer7Days ?? "—"}</td><td>{v.policy.compliance?.callWindow?.from ?? "—"}</td><td>{v.policy.compliance?.callWindow?.to ?? "—"}</td><td>{v.policy.letterhead?.tradingName ?? "—"}</td>
                <td>{v.note ?? ""}</td><td>{v.createdBy ?? "—"}</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>

      <section className="panel">
        <h2>{t("keys")}</h2>
        {view.apiKeys.length > 0 ? (
          <table className="grid" data-testid="api-keys">
            <thead><tr><th>{t("keyName")}</th><th>{t("prefix")}</th><th>{t("scopes")}</th><th>{t("lastUsed")}</th><th>{t("status")}</th><th /></tr></thead>
            <tbody>{view.apiKeys.map((k) => (
              <tr key={k.id} data-testid={`key-${k.prefix}`}><td>{k.name}</td><td><code>cbk_{k.prefix}_…</code></td><td>{k.scopes.map(scopeName).join(", ")}</td>
                <td>{k.lastUsedAt ? when(k.lastUsedAt) : t("never")}</td><td>{k.active ? t("keyActive") : t("keyRevoked")}</td>
                <td>{k.active ? <ActionForm action={revokeApiKeyAction} hidden={{ keyId: k.id, clientId: client.id }} submitLabel={t("revoke")} testId={`revoke-${k.prefix}`} fields={[]} /> : null}</td></tr>
            ))}</tbody>
          </table>
        ) : null}
        <h3>{t("createKey")}</h3>
        <ActionForm action={createApiKeyAction} hidden={{ clientId: client.id }} submitLabel={t("createKeySubmit")} testId="create-key" fields={[
          { name: "name", label: t("keyName"), required: true },
          ...API_SCOPES.map((s) => ({ name: `scope.${s}`, label: scopeName(s), type: "checkbox" as const })),
        ]} />
      </section>

      <WebhooksSection ctx={ctx} clientId={client.id} />
    </>
  );
}
