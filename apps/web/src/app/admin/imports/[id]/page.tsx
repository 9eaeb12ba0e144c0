import { getLocale, getTranslations } from "next-intl/server";
import { getImportRun, listClientsAdmin, NotFoundError } from "@casebook/domain";
import { ActionForm } from "@/components/action-form";
import { requireRole } from "@/lib/auth";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { cancelImportAction, rerunImportAction } from "../actions";
import { ImportProgress } from "./progress";

const STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;

/** One import run: its progress while it runs, its summary, its quarantine, cancel and run again. */
export default async function ImportRunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("admin");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("import_run", id));
  const ctx = await contextFor(user);
  const run = await getImportRun(ctx, { runId: id }).catch(throwForPage);
  const client = (await listClientsAdmin(ctx)).find((c) => c.id === run.clientId);
  const t = await getTranslations("adminConsole.imports");
  const te = await getTranslations("errors.domain");
  const locale = await getLocale();
  const live = run.status === "queued" || run.status === "running";
  return (
    <>
      <h1>{t("runTitle", { file: run.fileName })}</h1>
      <p>{client ? `${client.code} · ${client.name}` : run.clientId} · {t(`kinds.${run.kind}`)} · {run.encoding.toUpperCase()} · {formatTime(run.createdAt, "UTC", locale)}</p>
      <section className="panel">
        <h2>{t("progress")}</h2>
        <ImportProgress key={run.status} runId={run.id}
          initial={{ status: run.status, rowsRead: run.rowsRead, rowsValid: run.rowsValid, rowsQuarantined: run.rowsQuarantined }}
          labels={{ read: t("rowsRead"), valid: t("rowsValid"), quarantined: t("rowsQuarantined"), status: Object.fromEntries(STATUSES.map((s) => [s, t(`statuses.${s}`)])) }} />
        {live ? <ActionForm action={cancelImportAction} hidden={{ runId: run.id }} submitLabel={t("cancel")} testId="import-cancel" fields={[]} /> : null}
      </section>
      {run.status === "completed" ? (
        <section className="panel" data-testid="import-summary">
          <h2>{t("summary")}</h2>
          <dl className="kv">
            <dt>{t("rowsRead")}</dt><dd>{run.rowsRead}</dd>
            <dt>{t("rowsValid")}</dt><dd>{run.rowsValid}</dd>
            <dt>{t("rowsQuarantined")}</dt><dd data-testid="summary-quarantined">{run.rowsQuarantined}</dd>
            {run.kind === "payment" ? (
              <>
                <dt>{t("paymentsPosted")}</dt><dd data-testid="summary-created">{run.created}</dd>
                <dt>{t("paymentsReversed")}</dt><dd data-testid="summary-updated">{run.updated}</dd>
              </>
            ) : (
              <>
                <dt>{t("created")}</dt><dd data-testid="summary-created">{run.created}</dd>
                <dt>{t("updated")}</dt><dd data-testid="summary-updated">{run.updated}</dd>
                <dt>{t("balanceChanges")}</dt><dd data-testid="summary-balance-changes">{run.balanceChanges}</dd>
              </>
            )}
          </dl>
        </section>
      ) : null}
      {run.status === "failed" ? (
        <div className="form-error" role="alert" data-testid="import-error">
          {t("failed")}{run.errorKey ? `: ${te(run.errorKey as never, (run.errorParams ?? {}) as never)}` : ""}
        </div>
      ) : null}
      {run.rowsQuarantined > 0 && run.status === "completed" ? (
        <p><a href={`/api/imports/${run.id}/quarantine`} download data-testid="quarantine-download">{t("quarantineDownload", { count: run.rowsQuarantined })}</a></p>
      ) : null}
      {run.status === "failed" || run.status === "cancelled" ? (
        <section className="panel">
          <p className="muted small">{t("rerunHelp")}</p>
          <ActionForm action={rerunImportAction} hidden={{ runId: run.id }} submitLabel={t("rerun")} testId="import-rerun" fields={[]} />
        </section>
      ) : null}
      <p><a href="/admin/imports">{t("back")}</a></p>
    </>
  );
}
